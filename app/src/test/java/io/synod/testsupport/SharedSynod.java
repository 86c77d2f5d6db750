package io.synod.testsupport;

import io.synod.app.runtime.Directories;
import io.synod.app.runtime.SynodNode;
import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One running Synod (broker, PostgreSQL, the three stream apps, mirror and CDC) shared by the
 * interface tests of a test JVM: they use distinct tenants, so they cannot see each other's
 * proposals, and starting the stack once saves half a minute per test class. Stopped when the JVM exits.
 */
public final class SharedSynod {
    private static SharedSynod instance;

    private final TestInfrastructure infrastructure;
    private final SynodNode node;
    private final SynodConfig config;
    private final Path stateDir;
    private final Topics topics = Topics.local();

    private SharedSynod() throws Exception {
        infrastructure = TestInfrastructure.start();
        stateDir = Files.createTempDirectory("synod-shared-it-");
        config = SynodConfig.defaults().with(Map.of(
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "postgres.url", infrastructure.jdbcUrl(),
                "postgres.user", infrastructure.jdbcUser(),
                "postgres.password", infrastructure.jdbcPassword(),
                "topics.partitions", "2",
                "streams.state.dir", stateDir.toString(),
                "streams.application.id.prefix", "synod-shared-it"));
        node = SynodNode.start(config, topics, Duration.ofSeconds(120));
    }

    public static synchronized SharedSynod get() throws Exception {
        if (instance == null) {
            instance = new SharedSynod();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "shared-synod-stop"));
        }
        return instance;
    }

    public SynodConfig config() {
        return config;
    }

    public Topics topics() {
        return topics;
    }

    public Properties kafka() {
        return config.kafkaClientProperties();
    }

    /** The running node: its stream apps (and their threads) for tests that check nothing died. */
    public SynodNode node() {
        return node;
    }

    public TestInfrastructure infrastructure() {
        return infrastructure;
    }

    /** Registers the agents on agent.registry directly (what CDC would publish), optionally with public keys. */
    public void register(String tenant, List<String> agents, Map<String, String> publicKeys) {
        try (KafkaProducer<String, AgentRegistration> producer = new KafkaProducer<>(kafka(), topics.registry.keySerde().serializer(),
                topics.registry.valueSerde().serializer())) {
            for (String agent : agents) {
                producer.send(new ProducerRecord<>(topics.registry.name(), tenant + "/" + agent, AgentRegistration.newBuilder()
                        .setTenant(tenant).setAgentId(agent).setPublicKey(publicKeys.get(agent))
                        .setUpdatedAtMs(System.currentTimeMillis()).build()));
            }
            producer.flush();
        }
    }

    /**
     * Registers the agents and waits until the coordinator counts them eligible: probe proposals
     * are published until a round lists every one of them (the stream apps read the registry
     * through global stores, a few milliseconds behind).
     */
    public void registerAndAwait(String tenant, List<String> agents, Map<String, String> publicKeys) throws Exception {
        register(tenant, agents, publicKeys);
        Properties props = kafka();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaProducer<String, io.synod.schemas.Proposal> producer = new KafkaProducer<>(kafka(), topics.proposals.keySerde().serializer(),
                topics.proposals.valueSerde().serializer());
             org.apache.kafka.clients.consumer.KafkaConsumer<String, io.synod.schemas.RoundOpened> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(props, topics.rounds.keySerde().deserializer(),
                             topics.rounds.valueSerde().deserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topics.rounds.name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int probe = 1; System.nanoTime() < deadline; probe++) {
                String id = "probe-" + probe + "-" + System.nanoTime();
                producer.send(new ProducerRecord<>(topics.proposals.name(), tenant + "/" + id, io.synod.schemas.Proposal.newBuilder()
                        .setEventId(id).setTenant(tenant).setProposalId(id).setOptions(List.of()).setParticipants(null)
                        .setPolicy(io.synod.schemas.Policy.newBuilder().setMinParticipants(0).setRoundTimeoutMs(1_000L).build())
                        .setProposedAtMs(System.currentTimeMillis()).build()));
                producer.flush();
                long probeDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < probeDeadline) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.key().equals(tenant + "/" + id)) {
                            if (record.value().getEligible().containsAll(agents)) {
                                Thread.sleep(300);
                                return;
                            }
                            probeDeadline = 0;
                        }
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("agents " + agents + " of " + tenant + " not eligible within 60 s");
    }

    private void stop() {
        node.close();
        infrastructure.close();
        Directories.deleteRecursively(stateDir);
    }
}
