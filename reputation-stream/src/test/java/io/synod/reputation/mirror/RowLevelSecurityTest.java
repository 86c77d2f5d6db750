package io.synod.reputation.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant isolation on a real (embedded) PostgreSQL with the production migrations. */
class RowLevelSecurityTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = MigratedPostgres.start();
        try (Connection owner = postgres.getPostgresDatabase().getConnection(); Statement statement = owner.createStatement()) {
            statement.execute("INSERT INTO agents (tenant, agent_id) VALUES ('acme', 'a1'), ('acme', 'a2'), ('globex', 'g1')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A connection acting as the application role, scoped to one tenant. */
    private static Connection as(String role, String tenant) throws SQLException {
        Connection connection = postgres.getPostgresDatabase().getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE " + role);
        }
        if (tenant != null) {
            TenantScope.enter(connection, tenant);
        }
        return connection;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void shouldShowATenantOnlyItsOwnRows() throws Exception {
        try (Connection acme = as("synod_app", "acme")) {
            assertThat(count(acme, "SELECT count(*) FROM agents")).isEqualTo(2);
            assertThat(count(acme, "SELECT count(*) FROM agents WHERE tenant = 'globex'")).isZero();
        }
    }

    @Test
    void shouldNotLetATenantChangeOrCreateAnotherTenantsRows() throws Exception {
        try (Connection acme = as("synod_app", "acme"); Statement statement = acme.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE agents SET reputation = 0 WHERE tenant = 'globex'")).isZero();
            assertThatThrownBy(() -> statement.execute("INSERT INTO agents (tenant, agent_id) VALUES ('globex', 'intruder')"))
                    .hasMessageContaining("row-level security");
        }
    }

    @Test
    void shouldShowNothingWithoutATenantScope() throws Exception {
        try (Connection unscoped = as("synod_app", null)) {
            assertThat(count(unscoped, "SELECT count(*) FROM agents")).isZero();
        }
    }

    @Test
    void shouldLetTheAdminRoleCrossTenantsOnPurpose() throws Exception {
        try (Connection admin = as("synod_admin", null)) {
            assertThat(count(admin, "SELECT count(*) FROM agents")).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseTheAppRoleAnyChangeToTheAuditLogBeyondAppending() throws Exception {
        try (Connection acme = as("synod_app", "acme"); Statement statement = acme.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM audit_log")).isInstanceOf(SQLException.class);
        }
    }
}
