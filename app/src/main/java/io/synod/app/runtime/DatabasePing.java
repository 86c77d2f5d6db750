package io.synod.app.runtime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Whether PostgreSQL accepts a role's connections now; asked at most every five seconds, with short timeouts. */
final class DatabasePing {
    private static final long CACHE_MS = 5_000;

    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private long askedAtMs = Long.MIN_VALUE;
    private String problem;

    DatabasePing(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "2");
        credentials.setProperty("socketTimeout", "3");
    }

    /** Null when a connection opened and answered, what failed otherwise. */
    synchronized String problem() {
        long now = System.currentTimeMillis();
        if (now - askedAtMs >= CACHE_MS) {
            askedAtMs = now;
            try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials)) {
                problem = connection.isValid(2) ? null : "PostgreSQL connection not valid";
            } catch (SQLException e) {
                problem = "PostgreSQL unreachable: " + e.getMessage();
            }
        }
        return problem;
    }
}
