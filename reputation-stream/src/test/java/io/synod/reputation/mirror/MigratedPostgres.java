package io.synod.reputation.mirror;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** An embedded PostgreSQL with the production migrations applied, as the mirror's tests start it. */
final class MigratedPostgres {
    private MigratedPostgres() {
    }

    static EmbeddedPostgres start() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        Migrations.apply(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        return postgres;
    }
}
