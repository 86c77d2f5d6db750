package io.synod.testsupport;

import io.synod.embedded.EmbeddedStack;

/** The in-JVM KRaft broker and embedded PostgreSQL. */
final class EmbeddedInfrastructure implements TestInfrastructure {
    private final EmbeddedStack stack;

    private EmbeddedInfrastructure(EmbeddedStack stack) {
        this.stack = stack;
    }

    static EmbeddedInfrastructure start() throws Exception {
        return new EmbeddedInfrastructure(EmbeddedStack.start());
    }

    @Override
    public String bootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    @Override
    public String jdbcUrl() {
        return stack.postgresJdbcUrl();
    }

    @Override
    public String jdbcUser() {
        return stack.postgresUser();
    }

    @Override
    public String jdbcPassword() {
        return stack.postgresPassword();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public void close() {
        stack.close();
    }
}
