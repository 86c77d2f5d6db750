package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.reputation.mirror.Migrations;
import io.synod.schemas.AgentRegistration;
import io.synod.testsupport.TestInfrastructure;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's change data capture across restarts: nothing lost, nothing doubled, a stale slot recovered. */
class RegistryCdcIT {
    private static final Topics topics = Topics.local();
    private static TestInfrastructure infrastructure;
    private static SynodConfig config;
    private static KafkaConsumer<String, AgentRegistration> registry;

    @BeforeAll
    static void start() throws Exception {
        infrastructure = TestInfrastructure.start();
        config = SynodConfig.defaults().with(Map.of(
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "postgres.url", infrastructure.jdbcUrl(),
                "postgres.user", infrastructure.jdbcUser(),
                "postgres.password", infrastructure.jdbcPassword()));
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            TopicProvisioner.ensure(admin, topics, 1, (short) 1);
        }
        Migrations.apply(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
        Properties props = new Properties();
        props.putAll(config.kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-cdc-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        registry = new KafkaConsumer<>(props, topics.registry.keySerde().deserializer(), topics.registry.valueSerde().deserializer());
        registry.subscribe(List.of(topics.registry.name()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
             Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    /** Every registration published until {@code expected} have arrived and a quiet second has passed. */
    private static List<String> receive(int expected) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (ConsumerRecord<String, AgentRegistration> record : registry.poll(Duration.ofMillis(200))) {
                seen.add(record.key() + (record.value().getActive() ? "+" : "-"));
            }
            if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
        }
        return seen;
    }

    @Test
    void shouldDeliverEveryChangeOnceAcrossARestartAndRecoverAStaleSlot() throws Exception {
        Path state = Files.createTempDirectory("synod-cdc-it-");
        Path fresh = Files.createTempDirectory("synod-cdc-it-fresh-");
        try {
            RegistryCdc cdc = RegistryCdc.start(config, topics, state);
            sql("INSERT INTO agent_registry (tenant, agent_id) VALUES ('cdc', 'r1'), ('cdc', 'r2')");
            assertThat(receive(2)).containsExactly("cdc/r1+", "cdc/r2+");

            cdc.close();
            // While the engine is down: a deactivation and a new agent.
            sql("UPDATE agent_registry SET active = false WHERE tenant = 'cdc' AND agent_id = 'r1'");
            sql("INSERT INTO agent_registry (tenant, agent_id) VALUES ('cdc', 'r3')");
            cdc = RegistryCdc.start(config, topics, state);
            assertThat(receive(2)).as("the changes made while it was down, each once").containsExactly("cdc/r1-", "cdc/r3+");
            cdc.close();

            // A fresh state directory finds the old slot without offsets: it is dropped and the table re-snapshotted.
            cdc = RegistryCdc.start(config, topics, fresh);
            sql("INSERT INTO agent_registry (tenant, agent_id) VALUES ('cdc', 'r4')");
            assertThat(receive(4)).containsExactlyInAnyOrder("cdc/r1-", "cdc/r2+", "cdc/r3+", "cdc/r4+");
            cdc.close();
        } finally {
            Directories.deleteRecursively(state);
            Directories.deleteRecursively(fresh);
        }
    }
}
