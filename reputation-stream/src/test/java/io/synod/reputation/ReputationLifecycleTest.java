package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.schemas.Reputation;
import io.synod.schemas.internal.ReputationSignal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Floor with manual review, slow recovery over time, and the operator's reset, for both policies. */
class ReputationLifecycleTest {
    private static final long DAY = 86_400_000L;
    private static final Recovery THIRTY_DAYS = new Recovery(30 * DAY);
    private final SeedReputationPolicy seed = new SeedReputationPolicy(1.0, 0.05, 0.02, 0.15, 0.5, THIRTY_DAYS);
    private final BayesianReputationPolicy bayesian = new BayesianReputationPolicy(4, 2, 5, 10, 1e-4, 2, THIRTY_DAYS);

    private static ReputationSignal signal(String kind, boolean agreed, long atMs) {
        return ReputationSignal.newBuilder().setTenant("t").setAgentId("x").setKind(kind).setProposalId("p").setAgreed(agreed)
                .setChoice(agreed ? "a" : "b").setDecision("a").setPosterior(Map.of("a", 1.0, "b", 0.0)).setAtMs(atMs).build();
    }

    private static ReputationSignal reset(long atMs) {
        return ReputationSignal.newBuilder().setTenant("t").setAgentId("x").setKind("reset").setReason("reset by ops").setAtMs(atMs).build();
    }

    @Test
    void shouldQuarantineASeedPolicyAgentForReviewWhenItsIntegrityFallsBelowTheFloor() {
        Reputation r = seed.initial("t", "x", 0L);
        for (int i = 0; i < 3; i++) {
            r = seed.apply(r, signal("flag", false, 1L));
        }
        assertThat(r.getIntegrity()).isCloseTo(0.55, within(1e-9));
        assertThat(r.getFlagged()).isFalse();

        r = seed.apply(r, signal("flag", false, 2L));

        assertThat(r.getIntegrity()).isCloseTo(0.40, within(1e-9));
        assertThat(r.getFlagged()).isTrue();
        assertThat(r.getFlagReason()).isEqualTo("integrity_below_floor");
    }

    @Test
    void shouldKeepAQuarantinedAgentQuarantinedUntilAnOperatorResetsIt() {
        Reputation r = seed.initial("t", "x", 0L);
        for (int i = 0; i < 4; i++) {
            r = seed.apply(r, signal("flag", false, 1L));
        }

        r = seed.apply(r, signal("decision", true, 365 * DAY));
        assertThat(r.getFlagged()).isTrue();

        r = seed.apply(r, reset(366 * DAY));
        assertThat(r.getFlagged()).isFalse();
        assertThat(r.getIntegrity()).isEqualTo(1.0);
        assertThat(r.getReputation()).isEqualTo(1.0);
    }

    @Test
    void shouldRecoverHalfOfALostSeedReputationAfterOneHalfLife() {
        Reputation r = seed.initial("t", "x", 0L);
        for (int i = 0; i < 10; i++) {
            r = seed.apply(r, signal("decision", false, 0L));
        }
        assertThat(r.getReputation()).isCloseTo(0.8, within(1e-9));

        r = seed.apply(r, signal("decision", true, 30 * DAY));

        // 0.8 recovers to 0.9 over one half-life, then the agreeing vote adds 0.05.
        assertThat(r.getReputation()).isCloseTo(0.95, within(1e-9));
    }

    @Test
    void shouldNotRecoverWithinMinutes() {
        Reputation r = seed.initial("t", "x", 0L);
        r = seed.apply(r, signal("decision", false, 0L));

        r = seed.apply(r, signal("decision", false, 60_000L));

        assertThat(r.getReputation()).isCloseTo(0.96, within(1e-6));
    }

    @Test
    void shouldForgetHalfOfABayesianAgentsMistakesAfterOneHalfLifeButKeepWhatItGotRight() {
        Reputation r = bayesian.initial("t", "x", 0L);
        for (int i = 0; i < 6; i++) {
            r = bayesian.apply(r, signal("decision", false, 0L));
        }
        for (int i = 0; i < 4; i++) {
            r = bayesian.apply(r, signal("decision", true, 0L));
        }
        double before = r.getReputation();

        r = bayesian.apply(r, signal("decision", true, 30 * DAY));

        assertThat(r.getSoftWrong()).isCloseTo(3.0, within(1e-9));
        assertThat(r.getSoftCorrect()).isCloseTo(5.0, within(1e-9));
        assertThat(r.getConfusion().get("a\u0000b")).isCloseTo(3.0, within(1e-9));
        assertThat(r.getRowTotals().get("a")).isCloseTo(8.0, within(1e-9));
        assertThat(r.getReputation()).isGreaterThan(before);
    }

    @Test
    void shouldNotLetAQuarantinedBayesianAgentRecoverOnItsOwn() {
        Reputation r = bayesian.initial("t", "x", 0L);
        for (int i = 0; i < 6; i++) {
            r = bayesian.apply(r, signal("decision", false, 0L));
        }
        r = bayesian.apply(r, ReputationSignal.newBuilder(signal("flag", false, 0L)).setReason("collusion").build());
        assertThat(r.getFlagged()).isTrue();

        r = bayesian.apply(r, signal("decision", true, 90 * DAY));

        assertThat(r.getSoftWrong()).isCloseTo(6.0, within(1e-9));
        assertThat(r.getFlagged()).isTrue();
    }
}
