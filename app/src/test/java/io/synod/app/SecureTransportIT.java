package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.synod.app.runtime.Directories;
import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedKafkaBroker;
import io.synod.embedded.FreePorts;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.testsupport.TestCertificates;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Client security passes through from configuration: the whole node runs against a broker that
 * only SASL_SSL (SCRAM-SHA-512) and mutual-TLS clients reach with the addresses given, and against
 * a PostgreSQL that refuses connections without TLS; no secret reaches the logs.
 */
class SecureTransportIT {
    private static final String SCRAM_PASSWORD = "scram-" + UUID.randomUUID();
    private static final String TENANT = "secure";
    private static final List<String> AGENTS = List.of("s1", "s2", "s3");
    private static final Topics topics = Topics.local();
    private static Path dir;
    private static TestCertificates certificates;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedPostgres postgres;
    private static String jdbcUrl;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("synod-tls-it-");
        certificates = TestCertificates.create(dir);
        Path brokerStore = certificates.keystore("broker");
        Path truststore = certificates.truststore();
        Map<String, String> tls = Map.of("ssl.keystore.location", brokerStore.toString(), "ssl.keystore.password", TestCertificates.PASSWORD,
                "ssl.key.password", TestCertificates.PASSWORD, "ssl.keystore.type", "PKCS12");
        Map<String, String> sasl = new HashMap<>(tls);
        sasl.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        sasl.put("scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        Map<String, String> mtls = new HashMap<>(tls);
        mtls.put("ssl.client.auth", "required");
        mtls.put("ssl.truststore.location", truststore.toString());
        mtls.put("ssl.truststore.password", TestCertificates.PASSWORD);
        mtls.put("ssl.truststore.type", "PKCS12");
        broker = EmbeddedKafkaBroker.start(List.of(new EmbeddedKafkaBroker.Listener("SECURE", "SASL_SSL", sasl),
                new EmbeddedKafkaBroker.Listener("MTLS", "SSL", mtls)), Map.of());
        Properties setUp = new Properties();
        setUp.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(setUp)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("synod",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), SCRAM_PASSWORD))).all().get();
        }
        startPostgresRequiringTls();
    }

    /** PostgreSQL with TLS on and pg_hba refusing every TCP connection that does not use it. */
    private static void startPostgresRequiringTls() throws Exception {
        Path[] pem = certificates.pem("postgres");
        Path data = dir.resolve("pgdata");
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(dir.resolve("pgbin").toFile()).setPort(FreePorts.next())
                .setServerConfig("wal_level", "logical").setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", pem[0].toString()).setServerConfig("ssl_key_file", pem[1].toString())
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE synod");
            Files.writeString(data.resolve("pg_hba.conf"), """
                    local all all trust
                    hostssl all all 127.0.0.1/32 trust
                    hostssl all all ::1/128 trust
                    hostssl replication all 127.0.0.1/32 trust
                    hostssl replication all ::1/128 trust
                    host all all 0.0.0.0/0 reject
                    host all all ::/0 reject
                    host replication all 0.0.0.0/0 reject
                    host replication all ::/0 reject
                    """);
            statement.execute("SELECT pg_reload_conf()");
        }
        jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/synod?sslmode=verify-full&sslrootcert=" + pem[2];
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Directories.deleteRecursively(dir);
    }

    private static SynodConfig saslSslConfig() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers("SECURE"));
        settings.put("kafka.security.protocol", "SASL_SSL");
        settings.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
        settings.put("kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"synod\" password=\"" + SCRAM_PASSWORD + "\";");
        settings.put("kafka.ssl.truststore.location", certificates.truststore().toString());
        settings.put("kafka.ssl.truststore.password", TestCertificates.PASSWORD);
        settings.put("kafka.ssl.truststore.type", "PKCS12");
        settings.put("postgres.url", jdbcUrl);
        settings.put("postgres.user", "postgres");
        settings.put("postgres.password", "postgres");
        settings.put("postgres.app.user", "synod_mirror");
        settings.put("postgres.app.password", "mirror-" + UUID.randomUUID());
        settings.put("topics.partitions", "1");
        settings.put("policy", "seed");
        settings.put("streams.application.id.prefix", "synod-tls-it");
        return SynodConfig.defaults().with(settings);
    }

    @Test
    void shouldDecideEndToEndOverSaslSslAndTlsToPostgresWithoutLoggingASecret() throws Exception {
        SynodConfig config = saslSslConfig();
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (SynodNode node = SynodNode.start(config, topics, Duration.ofSeconds(120))) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO agent_registry (tenant, agent_id) VALUES ('secure', 's1'), ('secure', 's2'), ('secure', 's3')");
            }
            awaitRegistrations(config, AGENTS.size());
            String key = TENANT + "/p1";
            produce(config, topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(TENANT).setProposalId("p1")
                    .setOptions(List.of("approve", "reject")).setParticipants(AGENTS).setProposedAtMs(System.currentTimeMillis()).build());
            consumeFirst(config, topics.rounds, key);
            for (String agent : AGENTS) {
                produce(config, topics.votes, key, Vote.newBuilder().setEventId(key + "/" + agent).setTenant(TENANT).setProposalId("p1")
                        .setAgentId(agent).setRound(1).setChoice("approve").setConfidence(1.0).setJustification("sound")
                        .setCastAtMs(System.currentTimeMillis()).build());
            }

            Decision decision = consumeFirst(config, topics.achieved, key);
            assertThat(decision.getDecision()).isEqualTo("approve");
            awaitAuditRow();
        } finally {
            releaseLogs(logs);
        }
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage();
            if (text.contains(SCRAM_PASSWORD) || text.contains(TestCertificates.PASSWORD) || text.contains(config.get("postgres.app.password"))) {
                leaks.add(text.substring(0, Math.min(200, text.length())));
            }
        }
        assertThat(logs.list).as("the clients' configuration dumps were among the scanned lines")
                .anyMatch(event -> event.getFormattedMessage().contains("sasl.jaas.config"));
        assertThat(leaks).as("log lines holding a secret").isEmpty();
    }

    @Test
    void shouldRefuseAPostgresConnectionWithoutTls() {
        String plain = jdbcUrl.substring(0, jdbcUrl.indexOf('?')) + "?sslmode=disable";
        assertThatThrownBy(() -> DriverManager.getConnection(plain, "postgres", "postgres").close())
                .hasMessageContaining("pg_hba.conf");
    }

    @Test
    void shouldReachAMutualTlsListenerOnlyWithAClientCertificate() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers("MTLS"));
        settings.put("kafka.security.protocol", "SSL");
        settings.put("kafka.ssl.truststore.location", certificates.truststore().toString());
        settings.put("kafka.ssl.truststore.password", TestCertificates.PASSWORD);
        settings.put("kafka.ssl.truststore.type", "PKCS12");
        SynodConfig withoutCertificate = SynodConfig.defaults().with(settings);
        settings.put("kafka.ssl.keystore.location", certificates.keystore("synod-client").toString());
        settings.put("kafka.ssl.keystore.password", TestCertificates.PASSWORD);
        settings.put("kafka.ssl.key.password", TestCertificates.PASSWORD);
        settings.put("kafka.ssl.keystore.type", "PKCS12");
        SynodConfig withCertificate = SynodConfig.defaults().with(settings);

        try (Admin admin = Admin.create(withCertificate.kafkaClientProperties())) {
            TopicProvisioner.ensure(admin, topics, 1, (short) 1);
        }
        String key = TENANT + "/m1";
        AgentRegistration registration = AgentRegistration.newBuilder().setTenant(TENANT).setAgentId("m1").setUpdatedAtMs(1L).build();
        produce(withCertificate, topics.registry, key, registration);
        assertThat(consumeFirst(withCertificate, topics.registry, key)).isEqualTo(registration);

        Properties refused = withoutCertificate.kafkaClientProperties();
        refused.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        refused.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = Admin.create(refused)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get()).hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setName("secret-scan");
        appender.start();
        List<Appender<ILoggingEvent>> console = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            console.add(it.next());
        }
        // INFO carries the clients' configuration dumps, where a secret would show; keep it off the console.
        console.forEach(root::detachAppender);
        consoleAppenders = console;
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        return appender;
    }

    private static List<Appender<ILoggingEvent>> consoleAppenders = List.of();

    private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.detachAppender(appender);
        consoleAppenders.forEach(root::addAppender);
    }

    private static void awaitAuditRow() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT count(*) FROM audit_log WHERE tenant = 'secure'")) {
                row.next();
                if (row.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the decision never reached the audit log over TLS");
    }

    private static void awaitRegistrations(SynodConfig config, int expected) {
        Properties props = consumerProps(config);
        try (KafkaConsumer<String, AgentRegistration> consumer = new KafkaConsumer<>(props, topics.registry.keySerde().deserializer(),
                topics.registry.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.registry.name()));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(seen).as("registrations streamed by CDC over TLS").isGreaterThanOrEqualTo(expected);
        }
    }

    private static Properties consumerProps(SynodConfig config) {
        Properties props = config.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private static <V> void produce(SynodConfig config, Topic<String, V> topic, String key, V value) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config.kafkaClientProperties(), topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value));
            producer.flush();
        }
    }

    private static <V> V consumeFirst(SynodConfig config, Topic<String, V> topic, String key) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerProps(config), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("nothing for " + key + " on " + topic.name());
    }
}
