package io.synod.reputation.mirror;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The per-tenant hash chain of the audit log: hash = SHA-256(previous hash + "\n" + event type +
 * "\n" + canonical payload), the first previous hash being 64 zeros. Appends take a transaction
 * advisory lock per tenant, so concurrent mirrors cannot fork a chain.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String previousHash, String eventType, String payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((previousHash + "\n" + eventType + "\n" + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends one event unless its id is already in the log (redelivery); true when appended. */
    static boolean append(Connection connection, String tenant, String eventId, String eventType, String payload) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "audit:" + tenant);
            lock.execute();
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM audit_log WHERE event_id = ?")) {
            exists.setString(1, eventId);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
        }
        String previous = lastHash(connection, tenant).orElse(GENESIS);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_log (tenant, event_id, event_type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, tenant);
            insert.setString(2, eventId);
            insert.setString(3, eventType);
            insert.setString(4, payload);
            insert.setString(5, previous);
            insert.setString(6, hash(previous, eventType, payload));
            insert.executeUpdate();
        }
        return true;
    }

    private static Optional<String> lastHash(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement last = connection.prepareStatement("SELECT hash FROM audit_log WHERE tenant = ? ORDER BY id DESC LIMIT 1")) {
            last.setString(1, tenant);
            try (ResultSet rows = last.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** The result of checking a tenant's chain: how many rows, and the first broken one if any. */
    public record Verification(long rows, Long firstBrokenId, String problem) {
        public boolean intact() {
            return firstBrokenId == null;
        }
    }

    public static Verification verify(Connection connection, String tenant) throws SQLException {
        TenantScope.enter(connection, tenant);
        String previous = GENESIS;
        long rows = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, event_type, payload, prev_hash, hash FROM audit_log WHERE tenant = ? ORDER BY id")) {
            select.setString(1, tenant);
            select.setFetchSize(1_000);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows++;
                    long id = row.getLong(1);
                    if (!previous.equals(row.getString(4))) {
                        return new Verification(rows, id, "prev_hash does not match the previous row's hash");
                    }
                    String expected = hash(previous, row.getString(2), row.getString(3));
                    if (!expected.equals(row.getString(5))) {
                        return new Verification(rows, id, "hash does not match the row's content");
                    }
                    previous = expected;
                }
            }
        }
        return new Verification(rows, null, null);
    }
}
