package io.synod.reputation.mirror;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 */
public final class PostgresMirror implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMirror.class);
    private static final long MAX_BACKOFF_MS = 10_000;

    private final Topics topics;
    private final Properties consumerProps;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long mirrored;

    public PostgresMirror(Topics topics, Properties kafka, String groupId, String jdbcUrl, String user, String password) {
        this.topics = topics;
        this.consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Rows written so far (including idempotent no-ops), for progress reporting and tests. */
    public long mirrored() {
        return mirrored;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(topics.reputation.name(), topics.registry.name(), topics.decisions.name(), topics.rounds.name()));
            Connection connection = null;
            long backoffMs = 100;
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
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
                        kafka.commitSync(nextOffsets(records));
                        mirrored += records.count();
                        backoffMs = 100;
                        break;
                    } catch (SQLException e) {
                        LOG.warn("Postgres mirror write failed ({}); retrying in {} ms", e.getMessage(), backoffMs);
                        closeQuietly(connection);
                        connection = null;
                        sleep(backoffMs);
                        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                    }
                }
            }
            closeQuietly(connection);
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
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
