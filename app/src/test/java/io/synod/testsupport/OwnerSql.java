package io.synod.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PostgreSQL as its owner, past row-level security, so a test can check what the mirror
 * wrote for every tenant. Parameters are always bound, never spliced: the texts tests use are hostile.
 */
public final class OwnerSql {
    private final TestInfrastructure infrastructure;

    public OwnerSql(TestInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
    }

    /** The first column of every row, with {@code params} bound in order. */
    public List<String> column(String sql, String... params) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /** A {@code SELECT count(*) ...}'s value. */
    public long count(String sql, String... params) throws SQLException {
        return Long.parseLong(column(sql, params).get(0));
    }

    /** Waits until the count reaches {@code expected}; the mirror writes a commit or two behind the stream. */
    public void awaitCount(String sql, long expected, Duration wait, String... params) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (count(sql, params) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + expected + " rows for " + sql + " " + List.of(params) + " within " + wait);
            }
            Thread.sleep(200);
        }
    }
}
