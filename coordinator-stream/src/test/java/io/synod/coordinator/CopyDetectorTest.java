package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyDetectorTest {
    private final CopyDetector detector = new CopyDetector(3, 0.6, 5);
    private final List<String> options = List.of("1", "2");

    private static Ballot ballot(String agent, String choice, String justification) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1).setWeight(0).setCastAtMs(0L)
                .setJustification(justification).build();
    }

    @Test
    void shouldGroupAgentsPastingOneTextWithSmallEditsForTheSameOption() {
        List<Ballot> ballots = new ArrayList<>(List.of(
                ballot("b1", "2", "Weighing both readings, the evidence clearly supports option 2, fairly clearly."),
                ballot("b2", "2", "Weighing both readings, the evidence plainly supports option 2, fairly clearly."),
                ballot("b3", "2", "Weighing both readings, the evidence obviously supports option 2, fairly clearly."),
                ballot("h1", "1", "I compared the sources and the first reading explains every detail.")));

        assertThat(detector.copied(ballots, options)).containsOnlyKeys("b1", "b2", "b3").containsValue(3);
    }

    @Test
    void shouldLeaveAgentsWritingTheirOwnWordsAlone() {
        List<Ballot> ballots = List.of(
                ballot("h1", "2", "The reviewer complains about the battery twice, so negative."),
                ballot("h2", "2", "Sarcastic praise; the last sentence gives the real opinion away."),
                ballot("h3", "2", "Mostly about shipping delays and a refund that never came."));

        assertThat(detector.copied(ballots, options)).isEmpty();
    }

    @Test
    void shouldNotCompareJustificationsTooShortToCarryEvidence() {
        List<Ballot> ballots = List.of(ballot("l1", "1", "Looks right."), ballot("l2", "1", "Looks right."), ballot("l3", "1", "Looks right."));

        assertThat(detector.copied(ballots, options)).isEmpty();
    }

    @Test
    void shouldNotGroupIdenticalTextsForDifferentOptions() {
        String text = "Having compared it with similar cases, I would classify this as option %s, fairly clearly.";
        List<Ballot> ballots = List.of(ballot("a", "1", text.formatted("1")), ballot("b", "2", text.formatted("2")),
                ballot("c", "1", text.formatted("1")));

        assertThat(detector.copied(ballots, options)).isEmpty();
    }
}
