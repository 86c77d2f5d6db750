package io.synod.testsupport;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/** The official apache/kafka (KRaft) and postgres images, through Testcontainers. */
final class ContainerInfrastructure implements TestInfrastructure {
    private final KafkaContainer kafka;
    private final PostgreSQLContainer<?> postgres;

    private ContainerInfrastructure(KafkaContainer kafka, PostgreSQLContainer<?> postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static ContainerInfrastructure start() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17")
                .withDatabaseName("synod")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "synchronous_commit=on");
        kafka.start();
        try {
            postgres.start();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        return new ContainerInfrastructure(kafka, postgres);
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    @Override
    public String jdbcUser() {
        return postgres.getUsername();
    }

    @Override
    public String jdbcPassword() {
        return postgres.getPassword();
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }
}
