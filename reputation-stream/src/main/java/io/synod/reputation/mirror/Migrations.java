package io.synod.reputation.mirror;

import org.flywaydb.core.Flyway;

/** Applies the Postgres schema migrations shipped in db/migration. */
public final class Migrations {
    private Migrations() {
    }

    public static int apply(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
