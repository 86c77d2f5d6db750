package io.synod.reputation.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Sets {@code app.current_tenant} for the rest of the transaction, which row-level security keys on. */
public final class TenantScope {
    private TenantScope() {
    }

    public static void enter(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('app.current_tenant', ?, true)")) {
            set.setString(1, tenant);
            set.execute();
        }
    }
}
