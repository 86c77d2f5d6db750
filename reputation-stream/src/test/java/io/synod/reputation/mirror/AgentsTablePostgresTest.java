package io.synod.reputation.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Reputation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agents table and the reputation history as the mirror writes them, on a real (embedded) PostgreSQL. */
class AgentsTablePostgresTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = MigratedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void shouldWriteEveryChangeToTheHistoryAndEachAgentsLatestToItsRow() throws Exception {
        try (Connection connection = scoped("batch")) {
            AgentsTable.upsertReputations(connection, List.of(change("batch", "a1", 0, 10, 0.50), change("batch", "a2", 1, 4, 0.70),
                    change("batch", "a1", 0, 11, 0.55), change("batch", "a1", 0, 12, 0.60), change("batch", "a2", 1, 5, 0.65)));
            connection.commit();

            assertThat(query(connection, "SELECT count(*) FROM reputation_history WHERE tenant = 'batch'")).isEqualTo("5");
            assertThat(query(connection, "SELECT reputation || ' ' || reputation_offset FROM agents WHERE tenant = 'batch' AND agent_id = 'a1'")).isEqualTo("0.6 12");
            assertThat(query(connection, "SELECT reputation || ' ' || reputation_offset FROM agents WHERE tenant = 'batch' AND agent_id = 'a2'")).isEqualTo("0.65 5");
        }
    }

    @Test
    void shouldNotLetARedeliveredBatchTakeAnAgentsRowBack() throws Exception {
        try (Connection connection = scoped("again")) {
            AgentsTable.upsertReputations(connection, List.of(change("again", "a1", 0, 20, 0.40), change("again", "a1", 0, 21, 0.45)));
            connection.commit();
            AgentsTable.upsertReputations(connection, List.of(change("again", "a1", 0, 20, 0.40)));
            connection.commit();

            assertThat(query(connection, "SELECT reputation || ' ' || reputation_offset FROM agents WHERE tenant = 'again' AND agent_id = 'a1'")).isEqualTo("0.45 21");
            assertThat(query(connection, "SELECT count(*) FROM reputation_history WHERE tenant = 'again'")).isEqualTo("2");
        }
    }

    @Test
    void shouldKeepEachAgentsHighestOffsetInTheOrderAgentsWereFirstSeen() {
        List<AgentsTable.Versioned<Reputation>> latest = AgentsTable.latestPerAgent(List.of(change("t", "b", 0, 3, 0.1),
                change("t", "a", 2, 7, 0.2), change("u", "b", 1, 9, 0.3), change("t", "b", 0, 4, 0.4)));

        assertThat(latest).extracting(row -> row.value().getTenant() + "/" + row.value().getAgentId() + "@" + row.offset())
                .containsExactly("t/b@4", "t/a@7", "u/b@9");
    }

    private static Connection scoped(String tenant) throws SQLException {
        Connection connection = postgres.getPostgresDatabase().getConnection();
        connection.setAutoCommit(false);
        TenantScope.enter(connection, tenant);
        return connection;
    }

    private static AgentsTable.Versioned<Reputation> change(String tenant, String agent, int partition, long offset, double value) {
        return new AgentsTable.Versioned<>(Reputation.newBuilder().setTenant(tenant).setAgentId(agent).setReputation(value).setAccuracy(value)
                .setIntegrity(1.0).setVotes(offset).setAgreements(1).setCause("decision").setUpdatedAtMs(offset).build(), partition, offset);
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
