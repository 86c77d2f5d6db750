package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** New agents start with little weight, in the seed rule (explicit probation) and in the default model (its prior). */
class ProbationTest {
    private static Ballot ballot(String agent, String choice) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1.0).setWeight(0.0).setSuspicion(0.0)
                .setCastAtMs(0L).setJustification("").build();
    }

    private static Reputation established(String agent, double reputation, double correct, double wrong) {
        return Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(reputation).setAccuracy(0.9).setIntegrity(1.0)
                .setVotes(50).setAgreements(45).setCause("decision").setUpdatedAtMs(0L).setSoftCorrect(correct).setSoftWrong(wrong).build();
    }

    @Test
    void shouldGiveANewAgentHalfWeightUnderTheSeedRuleAndFullWeightAfterItsProbation() {
        DecisionModel model = DecisionModel.reputationTimesConfidence(10, 0.5);
        Reputation halfway = Reputation.newBuilder(established("mid", 1.0, 0, 0)).setVotes(5).build();
        Map<String, Reputation> reputations = Map.of("old", established("old", 1.0, 0, 0), "mid", halfway);
        List<Ballot> ballots = List.of(ballot("new", "approve"), ballot("mid", "approve"), ballot("old", "reject"));

        model.tally(List.of("approve", "reject"), ballots, reputations::get);

        assertThat(ballots).extracting(Ballot::getWeight).containsExactly(0.5, 0.75, 1.0);
    }

    @Test
    void shouldNotLetTwoNewAgentsOutvoteOneEstablishedAgentUnderTheSeedRuleWithProbation() {
        DecisionModel model = DecisionModel.reputationTimesConfidence(10, 0.3);
        List<Ballot> ballots = List.of(ballot("new1", "approve"), ballot("new2", "approve"), ballot("old", "reject"));

        Tally tally = model.tally(List.of("approve", "reject"), ballots, Map.of("old", established("old", 1.0, 0, 0))::get);

        assertThat(tally.leader()).isEqualTo("reject");
    }

    @Test
    void shouldGiveANewAgentLessThanHalfTheWeightOfAnEstablishedAccurateAgentInTheDefaultModel() {
        OnlineDawidSkene model = new OnlineDawidSkene(4, 2, 4);
        List<Ballot> ballots = List.of(ballot("new", "approve"), ballot("old", "reject"));

        model.tally(List.of("approve", "reject"), ballots, Map.of("old", established("old", 0.9, 45, 5))::get);

        assertThat(ballots.get(0).getWeight()).isLessThan(0.5 * ballots.get(1).getWeight());
    }
}
