package io.synod.reputation.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Privacy requests: an agent's justification texts are erased from the votes table. The audit log
 * only ever held their SHA-256 hashes, and the votes table keeps those too, so the chain still
 * verifies and the erased text can still be matched if its owner produces it.
 */
public final class Redaction {
    private Redaction() {
    }

    /** Erases the agent's justification texts; returns how many votes were redacted. */
    public static int redactJustifications(Connection connection, String tenant, String agentId) throws SQLException {
        TenantScope.enter(connection, tenant);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE votes SET justification = NULL WHERE tenant = ? AND agent_id = ? AND justification IS NOT NULL")) {
            update.setString(1, tenant);
            update.setString(2, agentId);
            return update.executeUpdate();
        }
    }
}
