package io.synod.app.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * {@code synod_cdc_slot_lag_bytes}: how much WAL PostgreSQL keeps for the registry CDC's
 * replication slot beyond what Debezium confirmed. It grows while CDC is stuck even when nothing
 * changes in the registry, which the event-time lag cannot show. Read at scrape time, at most every
 * ten seconds, with short timeouts; NaN when the database cannot be asked.
 */
final class ReplicationSlotLag {
    private static final long REFRESH_MS = 10_000;

    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private long readAtMs = Long.MIN_VALUE;
    private double bytes = Double.NaN;

    private ReplicationSlotLag(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "2");
        credentials.setProperty("socketTimeout", "3");
    }

    static void register(MeterRegistry registry, String jdbcUrl, String user, String password) {
        ReplicationSlotLag lag = new ReplicationSlotLag(jdbcUrl, user, password);
        Gauge.builder("synod.cdc.slot.lag", lag, ReplicationSlotLag::bytes).baseUnit("bytes")
                .description("WAL retained for the registry CDC slot beyond its confirmed position").register(registry);
    }

    synchronized double bytes() {
        long now = System.currentTimeMillis();
        if (now - readAtMs >= REFRESH_MS) {
            readAtMs = now;
            bytes = query();
        }
        return bytes;
    }

    private double query() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, RegistryCdc.SLOT);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
