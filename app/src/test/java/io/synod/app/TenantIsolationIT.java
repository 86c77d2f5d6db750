package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.keys.Keys;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.schemas.ReputationReset;
import io.synod.schemas.Vote;
import io.synod.testsupport.KafkaIO;
import io.synod.testsupport.OwnerSql;
import io.synod.testsupport.SharedSynod;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with the same proposal id and the same agent ids on the real broker and PostgreSQL:
 * every event tenant B writes that names tenant A's proposal or agents (votes, outcomes, resets,
 * arbitrations keyed to A) is rejected with key_mismatch, and A's decision, proposal row, ballots,
 * audit rows and reputations come out as if B did not exist, while B's own outcome and reset do
 * change B's agents.
 */
class TenantIsolationIT {
    private static final String A = "iso-a";
    private static final String B = "iso-b";
    private static final String ID = "shared";
    private static final List<String> AGENTS = List.of("x1", "x2", "x3");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SharedSynod synod;
    private static Topics topics;
    private static KafkaIO kafka;

    @BeforeAll
    static void start() throws Exception {
        synod = SharedSynod.get();
        topics = synod.topics();
        kafka = new KafkaIO(synod.kafka());
        synod.registerAndAwait(A, AGENTS, Map.of());
        synod.registerAndAwait(B, AGENTS, Map.of());
    }

    private static void open(String tenant) {
        String key = Keys.of(tenant, ID);
        List<Long> from = kafka.endOffsets(topics.rounds.name());
        kafka.produce(topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(tenant).setProposalId(ID)
                .setText(tenant + " asks: is the filing complete?").setOptions(List.of("approve", "reject")).setParticipants(AGENTS)
                .setPolicy(Policy.newBuilder().setRoundTimeoutMs(300_000L).setMode("simple_majority").build())
                .setProposedAtMs(System.currentTimeMillis()).build());
        kafka.first(topics.rounds.name(), from, r -> key.equals(r.key()), WAIT);
    }

    private static Vote vote(String tenant, String agent, String choice, String eventId) {
        return Vote.newBuilder().setEventId(eventId).setTenant(tenant).setProposalId(ID).setAgentId(agent).setRound(1)
                .setChoice(choice).setConfidence(0.9).setJustification(agent + " of " + tenant + " checked every page.")
                .setCastAtMs(System.currentTimeMillis()).build();
    }

    private static Decision decision(String tenant) {
        String key = Keys.of(tenant, ID);
        return KafkaIO.value(topics.decisions, kafka.first(topics.decisions.name(), null, r -> key.equals(r.key()), WAIT));
    }

    @Test
    void shouldKeepAnotherTenantsEventsAwayFromItsProposalsReputationsAndAuditRows() throws Exception {
        String keyA = Keys.of(A, ID);
        open(A);
        open(B);
        List<Long> rejectedFrom = kafka.endOffsets(topics.rejected.name());
        List<Long> reputationFrom = kafka.endOffsets(topics.reputation.name());
        long now = System.currentTimeMillis();
        // Tenant B's producer aims at tenant A's proposal and agents: same ids, A's keys.
        kafka.produce(topics.votes, keyA, vote(B, "x1", "reject", "b-vote-at-a"));
        kafka.produce(topics.arbitrations, keyA, Arbitration.newBuilder().setTenant(B).setProposalId(ID).setDecision("reject")
                .setArbiter("b-admin").setReason("mine now").setDecidedAtMs(now).build());
        for (String agent : AGENTS) {
            kafka.produce(topics.votes, keyA, vote(A, agent, "approve", "a-" + agent));
            kafka.produce(topics.votes, Keys.of(B, ID), vote(B, agent, "reject", "b-" + agent));
        }
        assertThat(decision(A).getDecision()).isEqualTo("approve");
        assertThat(decision(A).getParticipants()).isEqualTo(3);
        assertThat(decision(B).getDecision()).isEqualTo("reject");
        // After both decisions: B's ground truth and a reset, once aimed at A and once at B itself.
        kafka.produce(topics.outcomes, keyA, Outcome.newBuilder().setTenant(B).setProposalId(ID).setTruth("reject").setObservedAtMs(now).build());
        kafka.produce(topics.resets, Keys.of(A, "x1"), ReputationReset.newBuilder().setTenant(B).setAgentId("x1").setTo(0.0)
                .setOperator("b-admin").setRequestedAtMs(now).build());
        kafka.produce(topics.outcomes, Keys.of(B, ID), Outcome.newBuilder().setTenant(B).setProposalId(ID).setTruth("approve")
                .setObservedAtMs(now).build());
        kafka.produce(topics.resets, Keys.of(B, "x1"), ReputationReset.newBuilder().setTenant(B).setAgentId("x1").setTo(0.0)
                .setOperator("b-admin").setRequestedAtMs(now).build());

        Map<String, String> rejected = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : kafka.collect(topics.rejected.name(), rejectedFrom,
                r -> r.key() != null && r.key().startsWith(A + "/"), WAIT, 4)) {
            Rejection rejection = KafkaIO.value(topics.rejected, record);
            rejected.put(rejection.getSource(), rejection.getReason());
        }
        assertThat(rejected).isEqualTo(Map.of("vote", "key_mismatch", "arbitration", "key_mismatch", "outcome", "key_mismatch",
                "reset", "key_mismatch"));
        // B's own reset reaching B's x1 shows the reputation app has read past everything aimed at A.
        kafka.first(topics.reputation.name(), reputationFrom, r -> r.key().equals(Keys.of(B, "x1"))
                && "reset".equals(KafkaIO.value(topics.reputation, r).getCause()), WAIT);
        List<String> causesForA = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : kafka.collect(topics.reputation.name(), reputationFrom,
                r -> r.key().startsWith(A + "/"), Duration.ofSeconds(2), Integer.MAX_VALUE)) {
            Reputation reputation = KafkaIO.value(topics.reputation, record);
            causesForA.add(reputation.getCause());
            assertThat(reputation.getTenant()).isEqualTo(A);
        }
        assertThat(causesForA).doesNotContain("outcome", "reset");

        String shared = " AND payload::jsonb ->> 'proposal' = 'shared'";
        awaitCount("SELECT count(*) FROM audit_log WHERE tenant = ?" + shared, B, 1);
        awaitCount("SELECT count(*) FROM reputation_history WHERE tenant = ? AND cause = 'reset'", B, 1);
        awaitCount("SELECT count(*) FROM reputation_history WHERE tenant = ? AND cause = 'outcome'", B, 1);
        assertThat(strings("SELECT payload::jsonb ->> 'decision' FROM audit_log WHERE tenant = ?" + shared, A)).containsExactly("approve");
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant = ?", A))
                .as("every audit row of A is one of A's decisions").isEqualTo(count("SELECT count(*) FROM decisions WHERE tenant = ?", A));
        assertThat(strings("SELECT decision FROM decisions WHERE tenant = ? AND proposal_id = 'shared'", A)).containsExactly("approve");
        assertThat(strings("SELECT status || ' ' || decision || ' ' || text FROM proposals WHERE tenant = ? AND proposal_id = 'shared'", A))
                .containsExactly("achieved approve " + A + " asks: is the filing complete?");
        assertThat(strings("SELECT agent_id || ' ' || choice FROM votes WHERE tenant = ? AND proposal_id = 'shared' ORDER BY agent_id", A))
                .containsExactly("x1 approve", "x2 approve", "x3 approve");
        assertThat(count("SELECT count(*) FROM reputation_history WHERE tenant = ? AND cause IN ('outcome', 'reset')", A)).isZero();
        assertThat(strings("SELECT DISTINCT reputation_cause FROM agents WHERE tenant = ?", A)).doesNotContain("outcome", "reset");
    }

    private static List<String> strings(String sql, String tenant) throws Exception {
        return new OwnerSql(synod.infrastructure()).column(sql, tenant);
    }

    private static long count(String sql, String tenant) throws Exception {
        return new OwnerSql(synod.infrastructure()).count(sql, tenant);
    }

    private static void awaitCount(String sql, String tenant, long expected) throws Exception {
        new OwnerSql(synod.infrastructure()).awaitCount(sql, expected, WAIT, tenant);
    }
}
