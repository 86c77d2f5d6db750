package io.synod.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.compare.DecisionComparison.Decided;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionComparisonTest {

    private static Decided decided(String proposal, String status, String decision) {
        return new Decided("default", proposal, status, decision);
    }

    @Test
    void shouldCountWonAndLostProposalsAndScoreBothSidesAgainstTheTruth() {
        List<Decided> before = List.of(decided("p1", "achieved", "approve"), decided("p2", "achieved", "approve"),
                decided("p3", "achieved", "reject"), decided("p4", "fallback", "reject"), decided("p5", "failed", null));
        List<Decided> after = List.of(decided("p1", "achieved", "approve"), decided("p2", "achieved", "reject"),
                decided("p3", "achieved", "approve"), decided("p4", "achieved", "reject"), decided("p5", "fallback", "approve"));
        Map<String, String> truth = Map.of("default/p1", "approve", "default/p2", "reject", "default/p3", "reject", "default/p5", "reject");

        DecisionComparison.Result result = DecisionComparison.compare(before, after, truth);

        assertThat(result.decisionChanged()).isEqualTo(3);
        assertThat(result.statusChanged()).isEqualTo(1);
        assertThat(result.won()).as("p2 turned right").isEqualTo(1);
        assertThat(result.lost()).as("p3 turned wrong; p5 wrong either way").isEqualTo(1);
        assertThat(result.rightBefore()).isEqualTo(2);
        assertThat(result.rightAfter()).isEqualTo(2);
        assertThat(result.accuracyAfter()).isEqualTo(0.5);
        assertThat(result.changes()).extracting(DecisionComparison.Change::proposal).containsExactly("p2", "p3", "p4", "p5");
        assertThat(result.changes()).extracting(DecisionComparison.Change::gain).containsExactly(1, -1, 0, 0);
    }

    @Test
    void shouldCountAProposalMissingFromASideAsChangedAndWrongThere() {
        List<Decided> before = List.of(decided("p1", "achieved", "approve"), decided("gone", "achieved", "approve"));
        List<Decided> after = List.of(decided("p1", "achieved", "approve"), decided("new", "achieved", "reject"));
        Map<String, String> truth = Map.of("default/gone", "approve", "default/new", "reject");

        DecisionComparison.Result result = DecisionComparison.compare(before, after, truth);

        assertThat(result.onlyBefore()).isEqualTo(1);
        assertThat(result.onlyAfter()).isEqualTo(1);
        assertThat(result.decisionChanged()).isEqualTo(2);
        assertThat(result.changes()).extracting(DecisionComparison.Change::proposal).containsExactly("new", "gone");
        assertThat(result.won()).isEqualTo(1);
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.rightBefore()).isEqualTo(1);
        assertThat(result.rightAfter()).isEqualTo(1);
    }

    @Test
    void shouldTellTenantsApartAndLetTheLastLineOfAProposalStand() {
        List<Decided> before = List.of(new Decided("a", "p1", "achieved", "approve"), new Decided("b", "p1", "achieved", "reject"));
        List<Decided> after = List.of(new Decided("a", "p1", "achieved", "reject"), new Decided("a", "p1", "achieved", "approve"),
                new Decided("b", "p1", "achieved", "reject"));

        DecisionComparison.Result result = DecisionComparison.compare(before, after, Map.of());

        assertThat(result.after()).isEqualTo(2);
        assertThat(result.changes()).isEmpty();
        assertThat(result.judged()).isZero();
        assertThat(result.accuracyBefore()).isZero();
    }
}
