package io.synod.app.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BallotTableTest {

    private static Ballot ballot(String agent, String choice, double weight, double suspicion, double accuracy, List<String> reasons) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(0.9).setWeight(weight).setSuspicion(suspicion)
                .setCastAtMs(1).setAccuracy(accuracy).setReasons(reasons).build();
    }

    private static Decision decision(List<Ballot> ballots) {
        return Decision.newBuilder().setEventId("e").setTenant("t").setProposalId("p").setStatus("achieved").setDecision("approve")
                .setSupport(0.8).setRound(2).setMode("weighted").setParticipants(ballots.size()).setDistribution(Map.of("approve", 0.8))
                .setThreshold(0.67).setProposedAtMs(0).setDecidedAtMs(1).setBallots(ballots).build();
    }

    @Test
    void shouldListBallotsHeaviestFirstWithAnExcludedVoteLastAndItsReasons() {
        String table = BallotTable.of(decision(List.of(
                ballot("light", "approve", 0.4, 0.0, 0.6, List.of()),
                ballot("bloc-1", "reject", -0.7, 1.0, 0.1, List.of("quarantined:excluded_as_byzantine")),
                ballot("heavy", "approve", 1.9, 0.0, Double.NaN, List.of()))));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).contains("round 2");
        assertThat(lines.get(2)).startsWith("    heavy ").contains("1.900").contains("     -  ");
        assertThat(lines.get(3)).startsWith("    light ").contains("0.60");
        assertThat(lines.get(4)).startsWith("    bloc-1 ").contains("-0.700").endsWith("quarantined:excluded_as_byzantine");
    }

    @Test
    void shouldSayWhenADecisionHasNoBallots() {
        assertThat(BallotTable.of(decision(List.of()))).isEqualTo("  ballots   none recorded\n");
    }

    @Test
    void shouldGiveTheBallotsAsJsonWithAnAccuracyNotKeptAsNull() {
        List<Map<String, Object>> json = DecisionJson.ballots(decision(List.of(ballot("a", "approve", 0.5, 0.0, Double.NaN, List.of()),
                ballot("b", "approve", 0.9, 0.1, 0.7, List.of("low_information")))));

        assertThat(json).extracting(b -> b.get("agent")).containsExactly("b", "a");
        assertThat(json.get(1)).containsEntry("accuracy", null);
        assertThat(json.get(0)).containsEntry("reasons", List.of("low_information"));
    }
}
