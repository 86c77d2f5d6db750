package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoGroupsTest {
    private static final List<String> OPTIONS = List.of("approve", "reject");

    private static Ballot ballot(String agent, String choice) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1.0).setWeight(0.0).setCastAtMs(0L).build();
    }

    private static Reputation history(String agent, double correct, double wrong, List<String> echoes) {
        return Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0).setAccuracy(0).setIntegrity(1)
                .setVotes((long) (correct + wrong)).setAgreements(0).setCause("test").setUpdatedAtMs(0L)
                .setSoftCorrect(correct).setSoftWrong(wrong).setEchoes(echoes).build();
    }

    /** Three agents that have always voted alike and two independent ones, all with the same record. */
    private static Map<String, Reputation> threeEchoesAndTwoIndependents() {
        Map<String, Reputation> reputations = new HashMap<>();
        reputations.put("e1", history("e1", 45, 5, List.of("e2", "e3")));
        reputations.put("e2", history("e2", 45, 5, List.of("e1", "e3")));
        reputations.put("e3", history("e3", 45, 5, List.of("e1", "e2")));
        reputations.put("i1", history("i1", 45, 5, List.of()));
        reputations.put("i2", history("i2", 45, 5, List.of()));
        return reputations;
    }

    @Test
    void shouldGiveEachMemberOfAGroupOfEchoesOnOneOptionAThirdOfAVoice() {
        List<Ballot> counted = new ArrayList<>(List.of(ballot("e1", "approve"), ballot("e2", "approve"), ballot("e3", "approve"),
                ballot("i1", "reject"), ballot("i2", "reject")));

        EchoGroups.assign(counted, threeEchoesAndTwoIndependents()::get);

        assertThat(counted).extracting(Ballot::getVoices).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0, 1.0);
    }

    @Test
    void shouldNotGroupEchoesThatVotedForDifferentOptions() {
        List<Ballot> counted = new ArrayList<>(List.of(ballot("e1", "approve"), ballot("e2", "reject"), ballot("e3", "approve")));

        EchoGroups.assign(counted, threeEchoesAndTwoIndependents()::get);

        assertThat(counted).extracting(Ballot::getVoices).containsExactly(0.5, 1.0, 0.5);
    }

    @Test
    void shouldGroupAnEchoListedOnlyByItsPartner() {
        Map<String, Reputation> reputations = Map.of("a", history("a", 10, 1, List.of("b")), "b", history("b", 10, 1, List.of()));
        List<Ballot> counted = new ArrayList<>(List.of(ballot("a", "approve"), ballot("b", "approve"), ballot("c", "approve")));

        EchoGroups.assign(counted, reputations::get);

        assertThat(counted).extracting(Ballot::getVoices).containsExactly(0.5, 0.5, 1.0);
    }

    @Test
    void shouldLetTwoIndependentVotersOutweighThreeEchoesOfTheSameRecord() {
        OnlineDawidSkene model = new OnlineDawidSkene(4, 2, 4);
        Map<String, Reputation> reputations = threeEchoesAndTwoIndependents();
        List<Ballot> counted = new ArrayList<>(List.of(ballot("e1", "approve"), ballot("e2", "approve"), ballot("e3", "approve"),
                ballot("i1", "reject"), ballot("i2", "reject")));

        assertThat(model.tally(OPTIONS, new ArrayList<>(counted), reputations::get).leader())
                .as("counted as five independent voters, the three echoes win").isEqualTo("approve");
        EchoGroups.assign(counted, reputations::get);
        Tally tally = model.tally(OPTIONS, counted, reputations::get);

        assertThat(tally.leader()).isEqualTo("reject");
        assertThat(counted.get(0).getWeight()).isCloseTo(counted.get(3).getWeight() / 3, org.assertj.core.api.Assertions.within(1e-9));
    }
}
