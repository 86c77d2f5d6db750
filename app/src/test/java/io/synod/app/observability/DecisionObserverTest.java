package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.synod.schemas.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionObserverTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DecisionObserver observer = new DecisionObserver(registry, new TenantTags(10));

    private static Decision decision(String status, String reason, Long lastVoteAtMs, int round) {
        return Decision.newBuilder().setEventId("t/p/" + status).setTenant("t").setProposalId("p").setStatus(status)
                .setDecision("approve").setSupport(0.9).setRound(round).setMode("weighted").setParticipants(3)
                .setDistribution(Map.of("approve", 0.9)).setFlagged(List.of("x")).setReason(reason).setThreshold(0.67)
                .setProposedAtMs(1_000L).setLastVoteAtMs(lastVoteAtMs).setDecidedAtMs(2_000L).build();
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldCountADecisionByStatusAsAchievedAndTimeItFromTheLastVoteAndTheProposal() {
        observer.accept(decision("fallback", "simple_majority", 1_500L, 3), 2_250L, false);

        assertThat(count("consensus.decisions", "tenant", "t", "status", "fallback")).isEqualTo(1.0);
        assertThat(count("consensus.decisions", "tenant", "t", "status", "halted")).as("every status exists from the first decision").isZero();
        assertThat(count("consensus.achieved", "tenant", "t")).isEqualTo(1.0);
        assertThat(count("consensus.flagged.ballots", "tenant", "t")).isEqualTo(1.0);
        assertThat(registry.get("consensus.latency").tag("from", "last_vote").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(750.0);
        assertThat(registry.get("consensus.latency").tag("from", "proposal").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(1_250.0);
        assertThat(registry.get("consensus.rounds.per.decision").summary().totalAmount()).isEqualTo(3.0);
    }

    @Test
    void shouldCountButNotTimeADecisionThatWasInTheTopicBeforeTheObserverStarted() {
        observer.accept(decision("achieved", "threshold_met", 1_500L, 1), 90_000L, true);

        assertThat(count("consensus.decisions", "tenant", "t", "status", "achieved")).isEqualTo(1.0);
        assertThat(registry.get("consensus.latency").tag("from", "last_vote").timer().count()).isZero();
    }

    @Test
    void shouldNotTakeAnArbitratorsTimeForConsensusLatency() {
        observer.accept(decision("escalated", "escalate", 1_500L, 2), 2_000L, false);
        observer.accept(decision("arbitrated", "arbitrated by ops", null, 2), 600_000L, false);
        observer.accept(decision("deadlock", "arbitration_timeout", null, 2), 90_000_000L, false);

        assertThat(registry.get("consensus.latency").tag("from", "proposal").timer().count()).isZero();
        assertThat(count("consensus.achieved", "tenant", "t")).as("arbitrated reaches consensus.achieved").isEqualTo(1.0);
        assertThat(registry.get("consensus.rounds.per.decision").summary().count()).as("an escalation is not an ending").isEqualTo(2);
    }
}
