package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.reputation.mirror.Migrations;
import io.synod.reputation.mirror.PostgresMirror;
import io.synod.schemas.Reputation;
import io.synod.testsupport.TestInfrastructure;
import io.synod.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The mirror commits its Kafka offsets in batches (docs/decisions/0069); what it has written must
 * still be committed when it stops, so that the next mirror of the group starts after it.
 */
class PostgresMirrorOffsetsIT {
    private static final Topics TOPICS = Topics.local();
    private static final String GROUP = "mirror-offsets-it";

    @Test
    void shouldCommitWhatItMirroredWhenItStopsSoTheNextMirrorStartsAfterIt() throws Exception {
        try (TestInfrastructure infrastructure = TestInfrastructure.start()) {
            Migrations.apply(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
            Properties kafka = new Properties();
            kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
            try (Admin admin = Admin.create(kafka)) {
                TopicProvisioner.ensure(admin, TOPICS, 1, (short) 1);
                for (int i = 1; i <= 3; i++) {
                    produce(kafka, "agent" + i);
                }

                long first = mirrorUntil(infrastructure, kafka, 3);

                TopicPartition partition = new TopicPartition(TOPICS.reputation.name(), 0);
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(partition);
                assertThat(first).isEqualTo(3);
                assertThat(committed).as("offsets committed on stop, though the second since the last commit had not passed")
                        .isNotNull();
                assertThat(committed.offset()).isEqualTo(end);

                produce(kafka, "agent4");
                assertThat(mirrorUntil(infrastructure, kafka, 1)).as("only the new record is read again").isEqualTo(1);
            }
            assertThat(agentRows(infrastructure)).isEqualTo(4);
        }
    }

    /** Runs a mirror of the group until it has written {@code rows} records, waits a little for any more, and stops it. */
    private static long mirrorUntil(TestInfrastructure infrastructure, Properties kafka, long rows) throws Exception {
        PostgresMirror mirror = new PostgresMirror(TOPICS, kafka, GROUP, infrastructure.jdbcUrl(), infrastructure.jdbcUser(),
                infrastructure.jdbcPassword());
        Thread thread = new Thread(mirror, "mirror-offsets-it");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (mirror.mirrored() < rows && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        mirror.close();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).isFalse();
        return mirror.mirrored();
    }

    private static void produce(Properties kafka, String agent) {
        Reputation reputation = Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0.5).setAccuracy(0.5)
                .setIntegrity(1.0).setVotes(1L).setAgreements(1).setCause("test").setUpdatedAtMs(System.currentTimeMillis()).build();
        try (KafkaProducer<String, Reputation> producer = new KafkaProducer<>(kafka, TOPICS.reputation.keySerde().serializer(),
                TOPICS.reputation.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(TOPICS.reputation.name(), "t/" + agent, reputation));
            producer.flush();
        }
    }

    private static long agentRows(TestInfrastructure infrastructure) throws Exception {
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(),
                infrastructure.jdbcPassword());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM agents WHERE tenant = 't'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
