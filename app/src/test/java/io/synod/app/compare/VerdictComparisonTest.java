package io.synod.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.compare.VerdictComparison.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictComparisonTest {

    @Test
    void shouldListNewlyFlaggedAgentsThenClearedOnesAndCountBothSides() {
        List<Verdict> before = List.of(new Verdict("t", "honest", false, 0.9), new Verdict("t", "bloc-2", true, 0.1),
                new Verdict("t", "bloc-1", false, 0.5), new Verdict("t", "spared", true, 0.3));
        List<Verdict> after = List.of(new Verdict("t", "honest", false, 0.9), new Verdict("t", "bloc-2", true, 0.1),
                new Verdict("t", "bloc-1", true, 0.2), new Verdict("t", "spared", false, 0.6), new Verdict("t", "newcomer", true, 0.0));

        VerdictComparison.Result result = VerdictComparison.compare(before, after);

        assertThat(result.flaggedBefore()).isEqualTo(2);
        assertThat(result.flaggedAfter()).isEqualTo(3);
        assertThat(result.newlyFlagged()).isEqualTo(2);
        assertThat(result.cleared()).isEqualTo(1);
        assertThat(result.changes()).extracting(VerdictComparison.Change::agent).containsExactly("bloc-1", "newcomer", "spared");
        assertThat(result.changes().get(1).before()).as("absent before").isNull();
        assertThat(result.changes()).extracting(VerdictComparison.Change::flagged).containsExactly(true, true, false);
    }

    @Test
    void shouldTellTheSameAgentIdOfTwoTenantsApart() {
        VerdictComparison.Result result = VerdictComparison.compare(
                List.of(new Verdict("a", "w1", true, 0.1)), List.of(new Verdict("a", "w1", true, 0.1), new Verdict("b", "w1", false, 0.9)));

        assertThat(result.changes()).isEmpty();
    }
}
