package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.testsupport.KafkaIO;
import io.synod.testsupport.TestInfrastructure;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stream app whose RocksDB files were damaged while it was down rebuilds them from the changelog and carries on. */
class StateStoreRecoveryIT {
    private static final String TENANT = "recovery";
    private static final List<String> AGENTS = List.of("a1", "a2", "a3");
    private static final List<String> JUSTIFICATIONS = List.of("Both sources report the same figure for the trial.",
            "The appendix confirms the dates given in the abstract.", "I re-ran the published analysis and got the same effect.");
    private static final Topics topics = Topics.local();
    private static TestInfrastructure infrastructure;
    private static Path stateDir;
    private static SynodConfig config;
    private static KafkaIO kafka;

    @BeforeAll
    static void start() throws Exception {
        infrastructure = TestInfrastructure.start();
        stateDir = Files.createTempDirectory("synod-recovery-it-");
        config = SynodConfig.defaults().with(Map.of(
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "postgres.url", infrastructure.jdbcUrl(),
                "topics.partitions", "1",
                "node.apps", "detector,coordinator,reputation",
                "detector.embeddings.enabled", "false",
                "metrics.port", "-1",
                "streams.state.dir", stateDir.toString(),
                "streams.application.id.prefix", "synod-recovery-it"));
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            TopicProvisioner.ensure(admin, topics, 1, (short) 1);
        }
        kafka = new KafkaIO(config.kafkaClientProperties());
        for (String agent : AGENTS) {
            kafka.produce(topics.registry, Keys.of(TENANT, agent), AgentRegistration.newBuilder().setTenant(TENANT).setAgentId(agent)
                    .setUpdatedAtMs(System.currentTimeMillis()).build());
        }
    }

    @AfterAll
    static void stop() {
        if (infrastructure != null) {
            infrastructure.close();
        }
        Directories.deleteRecursively(stateDir);
    }

    @Test
    void shouldRebuildCorruptedStoresFromTheChangelogAndKeepTheOpenRound() throws Exception {
        // Given an open round with two of its three votes, in a coordinator that then stops
        String key = Keys.of(TENANT, "p1");
        try (SynodNode node = SynodNode.start(config, topics, Duration.ofSeconds(90))) {
            kafka.produce(topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(TENANT).setProposalId("p1")
                    .setOptions(List.of("approve", "reject")).setParticipants(AGENTS)
                    // A deadline well past the restart: the round must still be open when the third vote comes.
                    .setPolicy(io.synod.schemas.Policy.newBuilder().setRoundTimeoutMs(600_000L).setMode("simple_majority").build()).setProposedAtMs(System.currentTimeMillis()).build());
            kafka.first(topics.rounds.name(), null, r -> key.equals(r.key()), Duration.ofSeconds(60));
            for (String agent : AGENTS.subList(0, 2)) {
                kafka.produce(topics.votes, key, vote(agent));
            }
            kafka.first(topics.votesScored.name(), null, r -> key.equals(r.key())
                    && KafkaIO.value(topics.votesScored, r).getVote().getAgentId().equals("a2"), Duration.ofSeconds(60));
            Thread.sleep(1_000);
        }
        // The node runs detector and coordinator fused (decision 0046): the coordinator's stores live in that app.
        List<Path> files = rocksDbFiles(stateDir.resolve(FusedVotePath.APP));
        assertThat(files).as("the coordinator's RocksDB files").isNotEmpty();

        // When every RocksDB file of the coordinator is overwritten with noise and it starts again
        Random noise = new Random(7);
        for (Path file : files) {
            byte[] bytes = new byte[(int) Math.max(64, Files.size(file))];
            noise.nextBytes(bytes);
            Files.write(file, bytes);
        }
        try (SynodNode node = SynodNode.start(config, topics, Duration.ofSeconds(90))) {
            List<Long> from = kafka.endOffsets(topics.decisions.name());
            kafka.produce(topics.votes, key, vote("a3"));

            // Then the round it rebuilt from the changelog still holds the first two votes, and the third decides it
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> found =
                    kafka.collect(topics.decisions.name(), from, r -> key.equals(r.key()), Duration.ofSeconds(60), 1);
            assertThat(found).as("a decision; rejections: %s", kafka.collect(topics.rejected.name(), null, r -> key.equals(r.key()),
                    Duration.ofSeconds(2), 10).stream().map(r -> KafkaIO.value(topics.rejected, r).toString()).toList()
).hasSize(1);
            Decision decision = KafkaIO.value(topics.decisions, found.get(0));
            assertThat(decision.getStatus()).isEqualTo("achieved");
            assertThat(decision.getParticipants()).isEqualTo(3);
        }
    }

    private static Vote vote(String agent) {
        return Vote.newBuilder().setEventId("p1/" + agent).setTenant(TENANT).setProposalId("p1").setAgentId(agent).setRound(1)
                .setChoice("approve").setConfidence(0.9).setJustification(JUSTIFICATIONS.get(AGENTS.indexOf(agent)))
                .setCastAtMs(System.currentTimeMillis()).build();
    }

    private static List<Path> rocksDbFiles(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).filter(f -> f.toString().contains("/rocksdb/"))
                    .filter(f -> f.getFileName().toString().endsWith(".sst") || f.getFileName().toString().startsWith("MANIFEST")
                            || f.getFileName().toString().equals("CURRENT"))
                    .toList();
        }
    }
}
