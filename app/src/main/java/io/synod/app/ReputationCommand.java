package io.synod.app;

import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.ReputationReset;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reputation", mixinStandardHelpOptions = true, description = "Operate on agents' reputations.",
        subcommands = {ReputationCommand.Reset.class, ReputationQueries.History.class, ReputationQueries.Review.class})
public final class ReputationCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            header = "Reset the reputation of one agent, or of every agent of a tenant.",
            description = {"Reset the reputation of one agent, or of every agent of a tenant: accuracy evidence is forgotten",
                    "and quarantine lifted. Published on agent.reputation.resets and applied by the reputation stream app."})
    static final class Reset implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "Tenant whose agents to reset.")
        String tenant;

        @Option(names = "--agent", description = "Only this agent (default: every agent of the tenant with a reputation).")
        String agent;

        @Option(names = "--to", description = "Seed policy only: the reputation to start again from (default: reputation.initial).")
        Double to;

        @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who resets, for the audit trail (default: ${DEFAULT-VALUE}).")
        String operator;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() {
            SynodConfig config = configOption.load();
            Topics topics = Topics.forRegistryUrl(config.getOrBlank("schema.registry.url"));
            Properties kafka = config.kafkaClientProperties();
            List<String> agents = agent != null ? List.of(agent) : agentsOf(kafka, topics);
            try (KafkaProducer<String, ReputationReset> producer = new KafkaProducer<>(kafka, topics.resets.keySerde().serializer(), topics.resets.valueSerde().serializer())) {
                long now = System.currentTimeMillis();
                for (String id : agents) {
                    producer.send(new ProducerRecord<>(topics.resets.name(), Keys.of(tenant, id), ReputationReset.newBuilder()
                            .setTenant(tenant).setAgentId(id).setTo(to).setOperator(operator).setRequestedAtMs(now).build()));
                }
                producer.flush();
            }
            System.out.printf("requested a reset of %d agent(s) of tenant %s%n", agents.size(), tenant);
            return 0;
        }

        /** The tenant's agents, read from the compacted agent.reputation topic up to its current end. */
        private List<String> agentsOf(Properties kafka, Topics topics) {
            TreeSet<String> agents = new TreeSet<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topics.reputation.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.key() != null && Keys.tenantOf(record.key()).equals(tenant)) {
                            agents.add(Keys.idOf(record.key()));
                        }
                    }
                }
            }
            return List.copyOf(agents);
        }
    }
}
