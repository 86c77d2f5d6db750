package io.synod.app.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.TenantQuota;
import io.synod.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the PostgreSQL agent registry (table agent_registry) to agent.registry, and the tenants'
 * quotas (table tenants) to tenant.quotas, with an embedded Debezium engine (pgoutput). A batch's offsets are committed only after Kafka acknowledged its
 * registrations, so a restart re-sends at most the last batch — harmless, agent.registry keeps the
 * last value per agent — and loses nothing. Offsets live in a file under the state directory;
 * a replication slot left without offsets (a fresh state directory) is dropped and re-snapshotted.
 * Metrics: {@code synod_cdc_changes_total} and {@code synod_cdc_lag_seconds} (commit in PostgreSQL
 * to acknowledged on agent.registry).
 */
public final class RegistryCdc implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCdc.class);
    static final String SLOT = "synod_registry";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "synod-registry-cdc"));
    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final Counter changes;
    private final Timer lag;
    private final KafkaClientMetrics producerMetrics;
    private volatile String stopped;

    private RegistryCdc(SynodConfig config, Topics topics, Path stateDir, MeterRegistry registry, Iterable<Tag> producerTags)
            throws IOException, SQLException {
        this.topics = topics;
        changes = Counter.builder("synod.cdc.changes").description("agent_registry changes published to agent.registry").register(registry);
        lag = Timer.builder("synod.cdc.lag").description("Commit of an agent_registry change in PostgreSQL to its acknowledgement on agent.registry")
                .serviceLevelObjectives(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(250),
                        java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(120))
                .register(registry);
        Files.createDirectories(stateDir);
        Path offsets = stateDir.resolve("registry-cdc.offsets");
        String jdbcUrl = config.get("postgres.url");
        if (!Files.exists(offsets)) {
            dropStaleSlot(jdbcUrl, config.get("postgres.user"), config.getOrBlank("postgres.password"));
        }
        Properties producerProps = config.kafkaClientProperties();
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer, producerTags);
        producerMetrics.bindTo(registry);
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Properties props = new Properties();
        props.setProperty("name", "synod-registry-cdc");
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        props.setProperty("offset.storage.file.filename", offsets.toString());
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("database.hostname", uri.getHost());
        props.setProperty("database.port", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()));
        props.setProperty("database.dbname", uri.getPath().substring(1));
        props.setProperty("database.user", config.get("postgres.user"));
        props.setProperty("database.password", config.getOrBlank("postgres.password"));
        tlsSettings(uri).forEach(props::setProperty);
        // Debezium names its JMX beans after the prefix: two nodes in one JVM (tests) need two names.
        props.setProperty("topic.prefix", config.get("streams.application.id.prefix"));
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", SLOT);
        props.setProperty("publication.name", SLOT);
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("table.include.list", "public.agent_registry,public.tenants");
        props.setProperty("snapshot.mode", "initial");
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("key.converter.schemas.enable", "false");
        props.setProperty("value.converter.schemas.enable", "false");
        props.setProperty("poll.interval.ms", "50");
        engine = DebeziumEngine.create(Json.class).using(props).notifying(this::publish)
                .using((success, message, error) -> stopped = message == null ? "stopped" : message).build();
    }

    public static RegistryCdc start(SynodConfig config, Topics topics, Path stateDir) throws IOException, SQLException {
        return start(config, topics, stateDir, new CompositeMeterRegistry(), List.of());
    }

    public static RegistryCdc start(SynodConfig config, Topics topics, Path stateDir, MeterRegistry registry, Iterable<Tag> producerTags)
            throws IOException, SQLException {
        RegistryCdc cdc = new RegistryCdc(config, topics, stateDir, registry, producerTags);
        cdc.executor.execute(cdc.engine);
        return cdc;
    }

    /** Null while the Debezium engine runs; why it stopped otherwise. */
    public String stoppedBecause() {
        return stopped;
    }

    private void publish(List<ChangeEvent<String, String>> records, DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
            throws InterruptedException {
        try {
            List<Long> committedAt = new java.util.ArrayList<>();
            for (ChangeEvent<String, String> record : records) {
                Change change = Change.parse(record.value());
                if (change == null) {
                    continue;
                }
                if ("tenants".equals(change.table())) {
                    TenantQuota quota = quota(change);
                    producer.send(new ProducerRecord<>(topics.tenantQuotas.name(), quota.getTenant(),
                            topics.tenantQuotas.valueSerde().serializer().serialize(topics.tenantQuotas.name(), quota)));
                } else {
                    AgentRegistration registration = registration(change);
                    producer.send(new ProducerRecord<>(topics.registry.name(), Keys.of(registration.getTenant(), registration.getAgentId()),
                            topics.registry.valueSerde().serializer().serialize(topics.registry.name(), registration)));
                    committedAt.add(registration.getUpdatedAtMs());
                }
            }
            producer.flush();
            long now = System.currentTimeMillis();
            for (long at : committedAt) {
                changes.increment();
                lag.record(Math.max(0, now - at), TimeUnit.MILLISECONDS);
            }
            for (ChangeEvent<String, String> record : records) {
                committer.markProcessed(record);
            }
            committer.markBatchFinished();
        } catch (IOException e) {
            // Not committing the batch makes Debezium deliver it again after a restart.
            throw new IllegalStateException("undecodable change event from the registry tables", e);
        }
    }

    /** One row change as Debezium reports it: its table, the row (the old one when deleted), and when it was committed. */
    record Change(String table, JsonNode row, boolean deleted, long atMs) {

        /** Null for an event without a row (e.g. a heartbeat). */
        static Change parse(String changeEvent) throws IOException {
            if (changeEvent == null) {
                return null;
            }
            JsonNode event = JSON.readTree(changeEvent);
            JsonNode payload = event.has("payload") ? event.get("payload") : event;
            JsonNode after = payload.get("after");
            boolean deleted = after == null || after.isNull();
            JsonNode row = deleted ? payload.get("before") : after;
            if (row == null || row.isNull()) {
                return null;
            }
            long at = payload.path("source").path("ts_ms").asLong(payload.path("ts_ms").asLong(System.currentTimeMillis()));
            return new Change(payload.path("source").path("table").asText(""), row, deleted, at);
        }
    }

    /** The quotas a change on tenants describes; a deleted row falls back to the deployment's defaults. */
    static TenantQuota quota(Change change) {
        JsonNode row = change.row();
        return TenantQuota.newBuilder()
                .setTenant(row.path("tenant").asText())
                .setMaxAgents(change.deleted() || !row.hasNonNull("max_agents") ? null : row.get("max_agents").asInt())
                .setMaxOpenProposals(change.deleted() || !row.hasNonNull("max_open_proposals") ? null : row.get("max_open_proposals").asInt())
                .setUpdatedAtMs(change.atMs())
                .build();
    }

    /** The registration a change on agent_registry describes; a deleted row is a deactivated agent. */
    static AgentRegistration registration(Change change) {
        JsonNode row = change.row();
        return AgentRegistration.newBuilder()
                .setTenant(row.path("tenant").asText())
                .setAgentId(row.path("agent_id").asText())
                .setKind(row.hasNonNull("kind") ? row.get("kind").asText() : "llm")
                .setActive(!change.deleted() && row.path("active").asBoolean(true))
                .setTrusted(!change.deleted() && row.path("trusted").asBoolean(false))
                .setPublicKey(row.hasNonNull("public_key") ? row.get("public_key").asText() : null)
                .setUpdatedAtMs(change.atMs())
                .build();
    }

    /**
     * The JDBC URL's TLS parameters (sslmode, sslrootcert, sslcert, sslkey, sslpassword) as
     * Debezium's {@code database.*} settings, so change data capture connects as securely as the
     * rest of Synod does.
     */
    static java.util.Map<String, String> tlsSettings(URI uri) {
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        if (uri.getRawQuery() == null) {
            return settings;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int at = pair.indexOf('=');
            if (at <= 0) {
                continue;
            }
            String key = pair.substring(0, at);
            if (java.util.Set.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword").contains(key)) {
                settings.put("database." + key, java.net.URLDecoder.decode(pair.substring(at + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return settings;
    }

    private static void dropStaleSlot(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement drop = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
            drop.setString(1, SLOT);
            drop.execute();
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } catch (IOException e) {
            LOG.warn("Debezium engine did not close cleanly: {}", e.getMessage());
        }
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producerMetrics.close();
        producer.close();
    }
}
