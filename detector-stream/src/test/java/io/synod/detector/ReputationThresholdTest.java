package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Reputation;
import org.junit.jupiter.api.Test;

class ReputationThresholdTest {
    private final ReputationThreshold method = new ReputationThreshold(DetectorSettings.defaults());
    private final io.synod.schemas.Vote vote = Contexts.vote("a1", "approve", 0.7, "");

    @Test
    void shouldTreatEveryVoteOfAQuarantinedAgentAsByzantineWithTheVerdictsReason() {
        Reputation quarantined = Contexts.reputation("a1", null);
        quarantined.setFlagged(true);
        quarantined.setFlagReason("collusion");

        MethodScore score = method.score(Contexts.context(vote, quarantined));

        assertThat(score.score()).isEqualTo(1.0);
        assertThat(score.reasons()).containsExactly("quarantined:collusion");
    }

    @Test
    void shouldTreatIntegrityBelowTheFloorAsByzantine() {
        Reputation doubtful = Contexts.reputation("a1", null);
        doubtful.setIntegrity(0.3);

        assertThat(method.score(Contexts.context(vote, doubtful)).reasons()).containsExactly(ReputationThreshold.INTEGRITY_BELOW_FLOOR);
    }

    @Test
    void shouldIgnoreLowAccuracyBecauseBeingWrongIsNotBeingByzantine() {
        Reputation inaccurate = Contexts.reputation("a1", null);
        inaccurate.setAccuracy(0.2);
        inaccurate.setReputation(0.2);

        assertThat(method.score(Contexts.context(vote, inaccurate))).isEqualTo(MethodScore.NONE);
    }
}
