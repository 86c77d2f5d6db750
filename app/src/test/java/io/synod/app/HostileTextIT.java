package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.keys.Keys;
import io.synod.reputation.mirror.AuditChain;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Vote;
import io.synod.testsupport.KafkaIO;
import io.synod.testsupport.OwnerSql;
import io.synod.testsupport.SharedSynod;
import io.synod.topics.Topics;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQL metacharacters and control characters in every text field a producer controls (tenant,
 * proposal and agent ids, options, the proposal text, justifications) go through the real broker,
 * the stream apps and the mirror and come out of PostgreSQL exactly as sent, and no statement they
 * resemble ever runs. The one character PostgreSQL text cannot hold, U+0000, is refused with a
 * reason at the door, so it can never stall the mirror for every tenant.
 */
class HostileTextIT {
    private static final String TENANT = "t'; DROP TABLE votes; --";
    private static final String PROPOSAL = "p\"1'); DELETE FROM audit_log; --";
    private static final String APPROVE = "approve' OR '1'='1";
    private static final String REJECT = "reject\"; TRUNCATE decisions; --";
    private static final List<String> AGENTS = List.of("a'1", "a\"2", "a;3 -- \\");
    private static final String TEXT = "Is 'X' so?\u0007\u001b[31m\r\n\t; DROP TABLE proposals; -- %s \\x00 \u2603 \u202e\u0644 $$ $tag$";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SharedSynod synod;
    private static Topics topics;
    private static KafkaIO kafka;

    @BeforeAll
    static void start() throws Exception {
        synod = SharedSynod.get();
        topics = synod.topics();
        kafka = new KafkaIO(synod.kafka());
        synod.registerAndAwait(TENANT, AGENTS, Map.of());
    }

    private static Proposal proposal(String id, String text) {
        return Proposal.newBuilder().setEventId(Keys.of(TENANT, id)).setTenant(TENANT).setProposalId(id).setText(text)
                .setOptions(List.of(APPROVE, REJECT)).setParticipants(AGENTS)
                .setPolicy(Policy.newBuilder().setRoundTimeoutMs(300_000L).setMode("simple_majority").build())
                .setProposedAtMs(System.currentTimeMillis()).build();
    }

    private static Vote vote(String agent, String choice, String eventId, String justification) {
        return Vote.newBuilder().setEventId(eventId).setTenant(TENANT).setProposalId(PROPOSAL).setAgentId(agent).setRound(1)
                .setChoice(choice).setConfidence(0.9).setJustification(justification).setCastAtMs(System.currentTimeMillis()).build();
    }

    @Test
    void shouldStoreHostileTextVerbatimInPostgresAndRefuseANulWithAReason() throws Exception {
        String key = Keys.of(TENANT, PROPOSAL);
        List<Long> rejectedFrom = kafka.endOffsets(topics.rejected.name());
        kafka.produce(topics.proposals, Keys.of(TENANT, "nul"), proposal("nul", "before\u0000after"));
        kafka.produce(topics.proposals, key, proposal(PROPOSAL, TEXT));
        kafka.first(topics.rounds.name(), null, r -> key.equals(r.key()), WAIT);

        kafka.produce(topics.votes, key, vote(AGENTS.get(0), APPROVE, "nul-vote", "fine\u0000; DROP TABLE agents"));
        Map<String, String> justifications = new LinkedHashMap<>();
        justifications.put(AGENTS.get(0), "'); DROP TABLE votes; --\u0001\u001f\u007f\u0085\u2028 end");
        justifications.put(AGENTS.get(1), "\" OR 1=1; -- \r\n\t\\' \\\" ${jndi:ldap://x} <script>alert(1)</script>");
        justifications.put(AGENTS.get(2), "$$; COPY votes TO PROGRAM 'rm -rf /'; $$ \u001b]0;title\u0007 %n%x");
        for (Map.Entry<String, String> entry : justifications.entrySet()) {
            String choice = entry.getKey().equals(AGENTS.get(2)) ? REJECT : APPROVE;
            kafka.produce(topics.votes, key, vote(entry.getKey(), choice, "ok-" + entry.getKey(), entry.getValue()));
        }

        Decision decision = KafkaIO.value(topics.decisions, kafka.first(topics.decisions.name(), null, r -> key.equals(r.key()), WAIT));
        assertThat(decision.getDecision()).isEqualTo(APPROVE);
        Map<String, String> reasons = new TreeMap<>();
        for (var record : kafka.collect(topics.rejected.name(), rejectedFrom, r -> r.key() != null && r.key().startsWith(TENANT + "/"), WAIT, 2)) {
            Rejection rejection = KafkaIO.value(topics.rejected, record);
            reasons.put(rejection.getSource() + " " + rejection.getProposalId(), rejection.getReason());
        }
        assertThat(reasons).containsEntry("vote " + PROPOSAL, "invalid_value").containsEntry("proposal nul", "invalid_value");

        awaitRows("SELECT count(*) FROM audit_log WHERE tenant = ? AND payload::jsonb ->> 'proposal' = ?", 1);
        assertThat(strings("SELECT text FROM proposals WHERE tenant = ? AND proposal_id = ?")).containsExactly(TEXT);
        assertThat(strings("SELECT decision FROM decisions WHERE tenant = ? AND proposal_id = ?")).containsExactly(APPROVE);
        assertThat(strings("SELECT payload::jsonb ->> 'decision' FROM audit_log WHERE tenant = ? AND payload::jsonb ->> 'proposal' = ?"))
                .containsExactly(APPROVE);
        Map<String, String> stored = new TreeMap<>();
        for (String row : strings("SELECT agent_id || chr(1) || justification FROM votes WHERE tenant = ? AND proposal_id = ?")) {
            stored.put(row.substring(0, row.indexOf('\u0001')), row.substring(row.indexOf('\u0001') + 1));
        }
        assertThat(stored).isEqualTo(new TreeMap<>(justifications));
        assertThat(strings("SELECT agent_id FROM agents WHERE tenant = ? AND ?::text IS NOT NULL ")).containsExactlyInAnyOrderElementsOf(
                AGENTS);
        try (Connection connection = owner()) {
            assertThat(AuditChain.verify(connection, TENANT).intact()).isTrue();
        }
        assertThat(strings("SELECT to_regclass('public.votes')::text || to_regclass('public.agents')::text "
                + "|| to_regclass('public.proposals')::text || to_regclass('public.decisions')::text || ?::text || ?::text"))
                .as("every table the texts name is still there").containsExactly("votesagentsproposalsdecisions" + TENANT + PROPOSAL);
    }

    private static Connection owner() throws Exception {
        return new OwnerSql(synod.infrastructure()).connect();
    }

    /** The first column of every row, the tenant and the proposal id bound to the query's two parameters. */
    private static List<String> strings(String sql) throws Exception {
        return new OwnerSql(synod.infrastructure()).column(sql, TENANT, PROPOSAL);
    }

    private static void awaitRows(String sql, long expected) throws Exception {
        new OwnerSql(synod.infrastructure()).awaitCount(sql, expected, WAIT, TENANT, PROPOSAL);
    }
}
