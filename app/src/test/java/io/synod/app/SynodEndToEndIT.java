package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Vote;
import io.synod.testsupport.TestInfrastructure;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SynodEndToEndIT {
    private static final String TENANT = "it";
    private static final String RESTART_TENANT = "it-restart";
    private static final List<String> AGENTS = List.of("a1", "a2", "a3", "a4", "a5");
    private static TestInfrastructure infrastructure;
    private static SynodNode node;
    private static SynodConfig config;
    private static final Topics topics = Topics.local();

    private static java.nio.file.Path stateDir;

    @BeforeAll
    static void startSynod() throws Exception {
        infrastructure = TestInfrastructure.start();
        stateDir = java.nio.file.Files.createTempDirectory("synod-it-state-");
        config = SynodConfig.defaults().with(Map.of(
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "postgres.url", infrastructure.jdbcUrl(),
                "postgres.user", infrastructure.jdbcUser(),
                "postgres.password", infrastructure.jdbcPassword(),
                "postgres.app.user", "synod_mirror",
                "postgres.app.password", java.util.UUID.randomUUID().toString(),
                "topics.partitions", "2",
                "policy", "seed",
                "streams.state.dir", stateDir.toString(),
                "streams.application.id.prefix", "synod-it"));
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            TopicProvisioner.ensure(admin, topics, 2, (short) 1);
        }
        for (String tenant : List.of(TENANT, RESTART_TENANT)) {
            for (String agent : AGENTS) {
                produce(topics.registry, tenant + "/" + agent, AgentRegistration.newBuilder().setTenant(tenant).setAgentId(agent)
                        .setUpdatedAtMs(System.currentTimeMillis()).build());
            }
        }
        node = SynodNode.start(config, topics, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopSynod() {
        if (node != null) {
            node.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
        io.synod.app.runtime.Directories.deleteRecursively(stateDir);
    }

    @Test
    void shouldDecideOnTheRealBrokerAndMirrorReputationToPostgres() throws Exception {
        String key = TENANT + "/p1";
        long now = System.currentTimeMillis();
        produce(topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(TENANT).setProposalId("p1")
                .setText("Ship it?").setOptions(List.of("approve", "reject")).setParticipants(AGENTS).setProposedAtMs(now).build());
        awaitRoundOpened(key);

        for (String agent : AGENTS) {
            produce(topics.votes, key, vote(agent, agent.equals("a5") ? "reject" : "approve"));
        }
        produce(topics.votes, key, vote("intruder", "approve"));

        Decision decision = consumeFirst(topics.achieved, key, Duration.ofSeconds(60));
        assertThat(decision.getStatus()).isEqualTo("achieved");
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getSupport()).isCloseTo(0.8, within(1e-9));
        assertThat(decision.getParticipants()).isEqualTo(5);

        Rejection rejection = consumeFirst(topics.rejected, key, Duration.ofSeconds(30));
        assertThat(rejection.getReason()).isEqualTo("unregistered_agent");
        assertThat(rejection.getAgentId()).isEqualTo("intruder");

        Map<String, Double> reputations = awaitReputationRows(Duration.ofSeconds(30));
        assertThat(awaitAuditRows(TENANT, 1, Duration.ofSeconds(30))).isEqualTo(1);
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT calculate_consensus('it', 'p1', 1)")) {
            row.next();
            var recomputed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.getString(1));
            assertThat(recomputed.get("decision").asText()).isEqualTo(decision.getDecision());
            assertThat(recomputed.get("support").asDouble()).isCloseTo(decision.getSupport(), within(1e-9));
        }
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword())) {
            assertThat(io.synod.reputation.mirror.AuditChain.verify(connection, TENANT).intact()).isTrue();
        }
        assertThat(reputations).containsOnlyKeys(AGENTS);
        assertThat(reputations.get("a1")).isEqualTo(1.0);
        assertThat(reputations.get("a5")).isCloseTo(0.98, within(1e-9));
    }

    @Test
    void shouldNotDecideTwiceWhenVotesAreRedeliveredAfterARestart() throws Exception {
        String key = RESTART_TENANT + "/p2";
        produce(topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(RESTART_TENANT).setProposalId("p2")
                .setText("Again?").setOptions(List.of("approve", "reject")).setParticipants(AGENTS).setProposedAtMs(System.currentTimeMillis()).build());
        awaitRoundOpened(key);
        for (String agent : AGENTS) {
            produce(topics.votes, key, vote(RESTART_TENANT, "p2", agent, "reject"));
        }
        assertThat(consumeFirst(topics.decisions, key, Duration.ofSeconds(60)).getDecision()).isEqualTo("reject");

        node.close();
        node = SynodNode.start(config, topics, Duration.ofSeconds(90));
        for (String agent : AGENTS) {
            produce(topics.votes, key, vote(RESTART_TENANT, "p2", agent, "approve"));
        }

        assertThat(consumeAll(topics.decisions, key, Duration.ofSeconds(8))).hasSize(1);
        assertThat(consumeAll(topics.rejected, key, Duration.ofSeconds(5)))
                .extracting(Rejection::getReason).containsOnly("round_closed").hasSize(AGENTS.size());
    }

    @Test
    void shouldTakeMembershipFromThePostgresRegistryThroughCdc() throws Exception {
        String tenant = "it-cdc";
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO agent_registry (tenant, agent_id, kind) VALUES ('it-cdc', 'c1', 'llm'), ('it-cdc', 'c2', 'human'), ('it-cdc', 'c3', 'oracle')");
        }
        awaitRegistration(tenant + "/c3", true, Duration.ofSeconds(30));
        String first = tenant + "/q1";
        produce(topics.proposals, first, Proposal.newBuilder().setEventId(first).setTenant(tenant).setProposalId("q1")
                .setOptions(List.of("approve", "reject")).setParticipants(null).setProposedAtMs(System.currentTimeMillis()).build());
        assertThat(consumeFirst(topics.rounds, first, Duration.ofSeconds(30)).getEligible()).containsExactly("c1", "c2", "c3");

        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE agent_registry SET active = false WHERE tenant = 'it-cdc' AND agent_id = 'c3'");
        }
        awaitRegistration(tenant + "/c3", false, Duration.ofSeconds(30));
        String second = tenant + "/q2";
        produce(topics.proposals, second, Proposal.newBuilder().setEventId(second).setTenant(tenant).setProposalId("q2")
                .setOptions(List.of("approve", "reject")).setParticipants(null)
                .setPolicy(io.synod.schemas.Policy.newBuilder().setMinParticipants(2).build())
                .setProposedAtMs(System.currentTimeMillis()).build());
        assertThat(consumeFirst(topics.rounds, second, Duration.ofSeconds(30)).getEligible()).containsExactly("c1", "c2");
        produce(topics.votes, second, vote(tenant, "q2", "c3", "approve"));

        assertThat(consumeFirst(topics.rejected, second, Duration.ofSeconds(30)).getReason()).isEqualTo("unregistered_agent");
    }

    @Test
    void shouldRefuseAProposalBeyondTheQuotaAnOperatorSetInPostgres() throws Exception {
        String tenant = "it-quota";
        executeAsOwner("INSERT INTO agent_registry (tenant, agent_id) VALUES ('it-quota', 'k1'), ('it-quota', 'k2'), ('it-quota', 'k3')");
        executeAsOwner("INSERT INTO tenants (tenant, max_open_proposals) VALUES ('it-quota', 1)");
        assertThat(consumeFirst(topics.tenantQuotas, tenant, Duration.ofSeconds(30)).getMaxOpenProposals()).isEqualTo(1);
        awaitRegistration(tenant + "/k3", true, Duration.ofSeconds(30));

        String first = tenant + "/q1";
        produce(topics.proposals, first, Proposal.newBuilder().setEventId(first).setTenant(tenant).setProposalId("q1")
                .setOptions(List.of("approve", "reject")).setProposedAtMs(System.currentTimeMillis()).build());
        awaitRoundOpened(first);
        String second = tenant + "/q2";
        produce(topics.proposals, second, Proposal.newBuilder().setEventId(second).setTenant(tenant).setProposalId("q2")
                .setOptions(List.of("approve", "reject")).setProposedAtMs(System.currentTimeMillis()).build());

        assertThat(consumeFirst(topics.rejected, second, Duration.ofSeconds(30)).getReason()).isEqualTo("quota_exceeded");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (countAsOwner("SELECT count(*) FROM proposals WHERE tenant = 'it-quota' AND proposal_id = 'q1' AND status = 'open'") == 0) {
            assertThat(System.nanoTime()).as("q1 mirrored to the proposals table").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void shouldCatchUpWithoutLossOrDuplicatesAfterPostgresRefusesTheMirrorsWrites() throws Exception {
        String tenant = "it-outage";
        for (String agent : AGENTS) {
            produce(topics.registry, tenant + "/" + agent, AgentRegistration.newBuilder().setTenant(tenant).setAgentId(agent)
                    .setUpdatedAtMs(System.currentTimeMillis()).build());
        }
        awaitRegistration(tenant + "/a5", true, Duration.ofSeconds(30));
        // The outage, as the mirror sees it: every write fails (its role loses its privileges).
        executeAsOwner("REVOKE synod_app FROM synod_mirror");

        for (String proposal : List.of("o1", "o2", "o3")) {
            String key = tenant + "/" + proposal;
            produce(topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(tenant).setProposalId(proposal)
                    .setOptions(List.of("approve", "reject")).setParticipants(AGENTS).setProposedAtMs(System.currentTimeMillis()).build());
            consumeFirst(topics.rounds, key, Duration.ofSeconds(30));
            for (String agent : AGENTS) {
                produce(topics.votes, key, vote(tenant, proposal, agent, "approve"));
            }
            consumeFirst(topics.decisions, key, Duration.ofSeconds(30));
        }
        Thread.sleep(2_000);
        assertThat(countAsOwner("SELECT count(*) FROM audit_log WHERE tenant = 'it-outage'")).isZero();

        executeAsOwner("GRANT synod_app TO synod_mirror");

        assertThat(awaitAuditRows(tenant, 3, Duration.ofSeconds(40))).isEqualTo(3);
        Thread.sleep(1_000);
        assertThat(countAsOwner("SELECT count(*) FROM audit_log WHERE tenant = 'it-outage'")).isEqualTo(3);
        assertThat(countAsOwner("SELECT count(*) FROM decisions WHERE tenant = 'it-outage'")).isEqualTo(3);
        assertThat(countAsOwner("SELECT count(*) FROM votes WHERE tenant = 'it-outage'")).isEqualTo(3L * AGENTS.size());
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword())) {
            assertThat(io.synod.reputation.mirror.AuditChain.verify(connection, tenant).intact()).isTrue();
        }
    }

    private static void executeAsOwner(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long countAsOwner(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void awaitRegistration(String key, boolean active, Duration timeout) {
        Properties props = new Properties();
        props.putAll(config.kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-registry-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, AgentRegistration> consumer = new KafkaConsumer<>(props, topics.registry.keySerde().deserializer(),
                topics.registry.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.registry.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AgentRegistration> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && record.value().getActive() == active) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no registration of " + key + " with active=" + active + " on agent.registry within " + timeout);
    }

    private static <V> List<V> consumeAll(Topic<String, V> topic, String key, Duration window) {
        Properties props = new Properties();
        props.putAll(config.kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-all-" + topic.name() + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    private static Vote vote(String agent, String choice) {
        return vote(TENANT, "p1", agent, choice);
    }

    private static Vote vote(String tenant, String proposal, String agent, String choice) {
        return Vote.newBuilder().setEventId(proposal + "/" + agent).setTenant(tenant).setProposalId(proposal).setAgentId(agent)
                .setRound(1).setChoice(choice).setConfidence(1.0).setJustification("because").setCastAtMs(System.currentTimeMillis()).build();
    }

    private static void awaitRoundOpened(String key) {
        consumeFirst(topics.rounds, key, Duration.ofSeconds(60));
    }

    private static <V> void produce(Topic<String, V> topic, String key, V value) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config.kafkaClientProperties(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value));
            producer.flush();
        }
    }

    private static <V> V consumeFirst(Topic<String, V> topic, String key, Duration timeout) {
        Properties props = new Properties();
        props.putAll(config.kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic.name() + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("nothing for " + key + " on " + topic.name() + " within " + timeout);
    }

    private static long awaitAuditRows(String tenant, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline && rows < expected) {
            try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FROM audit_log WHERE tenant = '" + tenant + "'")) {
                result.next();
                rows = result.getLong(1);
            }
            Thread.sleep(200);
        }
        return rows;
    }

    private static Map<String, Double> awaitReputationRows(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Double> rows = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            rows.clear();
            try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT agent_id, reputation, total_votes FROM agents WHERE tenant = 'it'")) {
                List<Long> votes = new ArrayList<>();
                while (result.next()) {
                    rows.put(result.getString(1), result.getDouble(2));
                    votes.add(result.getLong(3));
                }
                if (rows.size() == AGENTS.size() && votes.stream().allMatch(v -> v == 1)) {
                    return rows;
                }
            }
            Thread.sleep(200);
        }
        return rows;
    }
}
