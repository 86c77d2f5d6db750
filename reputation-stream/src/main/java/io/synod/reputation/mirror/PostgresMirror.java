package io.synod.reputation.mirror;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Reputation;
import io.synod.schemas.RoundOpened;
import io.synod.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors agent.registry and agent.reputation into the Postgres agents table, consensus.rounds into
 * the proposals table, and consensus.decisions into the decisions table, the proposals' state and
 * the hash-chained audit log. Offsets are committed
 * only after the database transaction commits, and rows are versioned by offset, so a crash or a
 * Postgres outage causes redelivery, never loss or double application. While Postgres is down the
 * mirror retries the same batch with exponential backoff.
 *
 * <p>Because redelivery is harmless, offsets are committed at most once a second (and when partitions
 * are revoked or the mirror stops), and the consumer waits up to 100 ms for 64 KiB of records, so the
 * mirror costs the broker a few fetches and commits a second rather than one of each per upstream
 * transaction, and PostgreSQL fewer, larger transactions (docs/decisions/0069).
 *
 * <p>Metrics: {@code synod_mirror_records_total{topic}}, {@code synod_mirror_lag_seconds} (record
 * timestamp to database commit), {@code synod_mirror_write_failures_total},
 * {@code synod_mirror_healthy} (0 while writes fail) and its consumer's Kafka client metrics.
 */
public final class PostgresMirror implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMirror.class);
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final long OFFSET_COMMIT_INTERVAL_MS = 1_000;
    private static final int FETCH_MIN_BYTES = 64 * 1024;
    private static final int FETCH_MAX_WAIT_MS = 100;

    private final Topics topics;
    private final Properties consumerProps;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Offsets of rows already committed to PostgreSQL whose commit to Kafka is still to come. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long offsetsCommittedAtMs;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long mirrored;
    private volatile boolean healthy = true;
    private final MeterRegistry registry;
    private final Iterable<Tag> consumerTags;
    private final Map<String, Counter> recordsByTopic = new HashMap<>();
    private final Timer lag;
    private final Counter failures;

    public PostgresMirror(Topics topics, Properties kafka, String groupId, String jdbcUrl, String user, String password) {
        this(topics, kafka, groupId, jdbcUrl, user, password, new CompositeMeterRegistry(), List.of());
    }

    /** As above, recording into {@code registry}; {@code consumerTags} go on its consumer's Kafka metrics. */
    public PostgresMirror(Topics topics, Properties kafka, String groupId, String jdbcUrl, String user, String password,
                          MeterRegistry registry, Iterable<Tag> consumerTags) {
        this.registry = registry;
        this.consumerTags = consumerTags;
        lag = Timer.builder("synod.mirror.lag").description("Kafka record timestamp to its commit in PostgreSQL")
                .serviceLevelObjectives(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(100),
                        java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1),
                        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(120))
                .register(registry);
        failures = Counter.builder("synod.mirror.write.failures").description("Batches PostgreSQL refused (retried)").register(registry);
        Gauge.builder("synod.mirror.healthy", this, mirror -> mirror.healthy ? 1 : 0)
                .description("1 while the mirror's writes succeed, 0 while it retries a failed batch").register(registry);
        this.topics = topics;
        this.consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(FETCH_MIN_BYTES));
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(FETCH_MAX_WAIT_MS));
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Rows written so far (including idempotent no-ops), for progress reporting and tests. */
    public long mirrored() {
        return mirrored;
    }

    /** False while PostgreSQL refuses the mirror's writes (it retries); true once a batch commits. */
    public boolean healthy() {
        return healthy;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
             KafkaClientMetrics clientMetrics = new KafkaClientMetrics(kafka, consumerTags)) {
            clientMetrics.bindTo(registry);
            consumer = kafka;
            kafka.subscribe(List.of(topics.reputation.name(), topics.registry.name(), topics.decisions.name(), topics.rounds.name()),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            commitOffsets(kafka);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        }

                        @Override
                        public void onPartitionsLost(Collection<TopicPartition> partitions) {
                            // Another member owns them now and redelivers from their committed offsets.
                            uncommitted.keySet().removeAll(partitions);
                        }
                    });
            Connection connection = null;
            long backoffMs = 100;
            try {
                while (running.get()) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                    if (System.currentTimeMillis() - offsetsCommittedAtMs >= OFFSET_COMMIT_INTERVAL_MS) {
                        commitOffsets(kafka);
                    }
                    if (records.isEmpty()) {
                        continue;
                    }
                    while (running.get()) {
                        try {
                            if (connection == null || connection.isClosed()) {
                                connection = DriverManager.getConnection(jdbcUrl, user, password);
                                connection.setAutoCommit(false);
                            }
                            write(connection, records);
                            uncommitted.putAll(nextOffsets(records));
                            mirrored += records.count();
                            recordWritten(records);
                            backoffMs = 100;
                            break;
                        } catch (SQLException e) {
                            LOG.warn("Postgres mirror write failed ({}); retrying in {} ms", e.getMessage(), backoffMs);
                            healthy = false;
                            failures.increment();
                            closeQuietly(connection);
                            connection = null;
                            sleep(backoffMs);
                            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                        }
                    }
                }
            } finally {
                closeQuietly(connection);
                commitOffsetsOnStop(kafka);
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        }
    }

    private void recordWritten(ConsumerRecords<String, byte[]> records) {
        healthy = true;
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : records) {
            recordsByTopic.computeIfAbsent(record.topic(), topic -> Counter.builder("synod.mirror.records")
                    .description("Records mirrored to PostgreSQL").tag("topic", topic).register(registry)).increment();
            lag.record(Math.max(0, now - record.timestamp()), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void write(Connection connection, ConsumerRecords<String, byte[]> records) throws SQLException {
        List<AgentsTable.Versioned<Reputation>> reputations = new ArrayList<>();
        List<AgentsTable.Versioned<AgentRegistration>> registrations = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        List<RoundOpened> rounds = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                if (record.topic().equals(topics.rounds.name())) {
                    rounds.add(topics.rounds.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                } else if (record.topic().equals(topics.decisions.name())) {
                    decisions.add(topics.decisions.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                } else if (record.topic().equals(topics.reputation.name())) {
                    reputations.add(new AgentsTable.Versioned<>(
                            topics.reputation.valueSerde().deserializer().deserialize(record.topic(), record.value()), record.partition(), record.offset()));
                } else {
                    registrations.add(new AgentsTable.Versioned<>(
                            topics.registry.valueSerde().deserializer().deserialize(record.topic(), record.value()), record.partition(), record.offset()));
                }
            } catch (RuntimeException e) {
                LOG.error("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        try {
            // Row-level security: each tenant's rows are written under that tenant's scope.
            java.util.Set<String> tenants = new java.util.TreeSet<>();
            registrations.forEach(r -> tenants.add(r.value().getTenant()));
            reputations.forEach(r -> tenants.add(r.value().getTenant()));
            decisions.forEach(d -> tenants.add(d.getTenant()));
            rounds.forEach(r -> tenants.add(r.getTenant()));
            for (String tenant : tenants) {
                TenantScope.enter(connection, tenant);
                AgentsTable.upsertRegistrations(connection, registrations.stream().filter(r -> r.value().getTenant().equals(tenant)).toList());
                AgentsTable.upsertReputations(connection, reputations.stream().filter(r -> r.value().getTenant().equals(tenant)).toList());
                List<Decision> tenantDecisions = decisions.stream().filter(d -> d.getTenant().equals(tenant)).toList();
                ProposalsTable.opened(connection, rounds.stream().filter(r -> r.getTenant().equals(tenant)).toList());
                DecisionsTable.write(connection, tenantDecisions);
                ProposalsTable.decided(connection, tenantDecisions);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private void commitOffsets(KafkaConsumer<String, byte[]> kafka) {
        if (!uncommitted.isEmpty()) {
            kafka.commitSync(uncommitted);
            uncommitted.clear();
        }
        offsetsCommittedAtMs = System.currentTimeMillis();
    }

    /** Best effort: what is not committed here is mirrored again, to no effect, by whoever reads next. */
    private void commitOffsetsOnStop(KafkaConsumer<String, byte[]> kafka) {
        try {
            commitOffsets(kafka);
        } catch (WakeupException e) {
            // close() woke the consumer after the loop's last poll: that wakeup is spent now, so try once more.
            try {
                commitOffsets(kafka);
            } catch (RuntimeException again) {
                LOG.debug("Postgres mirror could not commit its last offsets on stop", again);
            }
        } catch (RuntimeException e) {
            LOG.debug("Postgres mirror could not commit its last offsets on stop", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection may fail; it is discarded either way.
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
