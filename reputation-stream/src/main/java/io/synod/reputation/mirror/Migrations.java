package io.synod.reputation.mirror;

import org.flywaydb.core.Flyway;

/** Applies the Postgres schema migrations shipped in db/migration, and provisions the application's login role. */
public final class Migrations {
    private Migrations() {
    }

    /**
     * Creates (or re-keys) the login role the application writes with: a member of synod_app, so
     * row-level security applies to it. Runs as the owner, which must be allowed to create roles.
     */
    public static void ensureAppLogin(String jdbcUrl, String owner, String ownerPassword, String appUser, String appPassword)
            throws java.sql.SQLException {
        if (!appUser.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("postgres.app.user must be a plain lower-case identifier, got '" + appUser + "'");
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, owner, ownerPassword);
             java.sql.Statement statement = connection.createStatement()) {
            boolean exists;
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + appUser + "'")) {
                exists = rows.next();
            }
            String password = appPassword.replace("'", "''");
            statement.execute((exists ? "ALTER ROLE " + appUser + " LOGIN PASSWORD '" : "CREATE ROLE " + appUser + " LOGIN PASSWORD '")
                    + password + "'");
            statement.execute("GRANT synod_app TO " + appUser);
        }
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
