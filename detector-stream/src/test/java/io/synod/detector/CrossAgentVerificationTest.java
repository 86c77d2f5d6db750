package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrossAgentVerificationTest {
    private final CrossAgentVerification method = new CrossAgentVerification(DetectorSettings.defaults());
    private static final String SHARED = "Taking the whole item into account, the examples in the guidelines suggest approve, if I read it correctly.";

    @Test
    void shouldFindAJustificationThatNearlyDuplicatesOtherAgentsInTheRound() {
        List<RoundMemory.Print> earlier = List.of(Contexts.print("a2", "approve", SHARED), Contexts.print("a3", "approve", SHARED));

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.9, SHARED), null, earlier, null, 1, Contexts.TYPICAL_TENANT));

        assertThat(score.reasons()).containsExactly(CrossAgentVerification.NEAR_DUPLICATE);
        assertThat(score.score()).isGreaterThan(0.2);
    }

    @Test
    void shouldScoreASingleCoincidenceLowerThanAGroup() {
        List<RoundMemory.Print> one = List.of(Contexts.print("a2", "approve", SHARED));

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.9, SHARED), null, one, null, 1, Contexts.TYPICAL_TENANT));

        assertThat(score.score()).isLessThan(0.2);
    }

    @Test
    void shouldLeaveJustificationsInTheAgentsOwnWordsAlone() {
        List<RoundMemory.Print> earlier = List.of(Contexts.print("a2", "approve", SHARED));

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.9,
                "The second paragraph quotes the standard verbatim, so the claim holds as written."), null, earlier, null, 1, Contexts.TYPICAL_TENANT));

        assertThat(score).isEqualTo(MethodScore.NONE);
    }
}
