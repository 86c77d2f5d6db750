package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuspicionScorerTest {
    private static DetectionMethod fixed(String name, double score, String reason) {
        return new DetectionMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MethodScore score(VoteContext context) {
                return new MethodScore(score, List.of(reason));
            }
        };
    }

    private final VoteContext any = Contexts.context(Contexts.vote("a1", "approve", 0.7, ""), null);

    @Test
    void shouldCombineMethodsAsIndependentEvidenceWithSortedReasons() {
        SuspicionScorer scorer = new SuspicionScorer(List.of(fixed("b", 0.2, "zeta"), fixed("a", 0.1, "alpha")), 0.5);

        SuspicionScorer.Suspicion suspicion = scorer.score(any);

        assertThat(suspicion.score()).isCloseTo(1 - 0.8 * 0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(suspicion.reasons()).containsExactly("alpha", "zeta");
    }

    @Test
    void shouldKeepTwoWeakMethodsBelowTheExclusionThreshold() {
        SuspicionScorer scorer = new SuspicionScorer(List.of(fixed("a", 0.3, "x"), fixed("b", 0.3, "y")), 0.5);

        assertThat(scorer.score(any).score()).isLessThan(0.5);
    }

    @Test
    void shouldExcludeWhenThreeMethodsFindSomething() {
        SuspicionScorer scorer = new SuspicionScorer(List.of(fixed("a", 0.3, "x"), fixed("b", 0.3, "y"), fixed("c", 0.3, "z")), 0.5);

        assertThat(scorer.score(any).score()).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void shouldLetAConclusiveMethodExcludeOnItsOwn() {
        SuspicionScorer scorer = new SuspicionScorer(List.of(fixed("reputation", 1.0, "quarantined")), 0.5);

        assertThat(scorer.score(any).score()).isEqualTo(1.0);
    }

    @Test
    void shouldScoreZeroWithNoReasonsWhenEveryMethodIsOff() {
        SuspicionScorer scorer = SuspicionScorer.of(DetectorSettings.defaults().allOff(), 0.5);

        assertThat(scorer.anyEnabled()).isFalse();
        assertThat(scorer.score(any).reasons()).isEmpty();
    }
}
