package io.synod.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** An embedded Kafka broker and PostgreSQL, started in parallel, stopped together. */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresServer postgres;

    private EmbeddedStack(EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    public static EmbeddedStack start() throws Exception {
        CompletableFuture<EmbeddedPostgresServer> postgres = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedPostgresServer.start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        EmbeddedKafkaBroker kafka;
        try {
            kafka = EmbeddedKafkaBroker.start();
        } catch (Exception e) {
            postgres.thenAccept(EmbeddedPostgresServer::close);
            throw e;
        }
        try {
            return new EmbeddedStack(kafka, postgres.join());
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String postgresJdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String postgresUser() {
        return postgres.username();
    }

    public String postgresPassword() {
        return postgres.password();
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
