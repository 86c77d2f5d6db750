package io.synod.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
import io.synod.sdk.AgentVote;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleAgentTest {
    private final ExampleAgent agent = new ExampleAgent("w1", "approve", "two sources agree");

    private static RoundOpened round(int number, List<String> options, Map<String, Double> previous, List<Ballot> ballots) {
        return RoundOpened.newBuilder().setTenant("t").setProposalId("p").setRound(number).setText("Is it so?")
                .setOptions(options).setEligible(List.of("w1", "w2", "w3")).setPolicy(new Policy())
                .setOpenedAtMs(0).setDeadlineMs(1).setPreviousDistribution(previous).setPreviousBallots(ballots).build();
    }

    private static Ballot ballot(String agent, String choice, double weight, String why) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1).setWeight(weight).setCastAtMs(0)
                .setJustification(why).build();
    }

    @Test
    void shouldVoteItsPreferenceInTheFirstRound() {
        AgentVote vote = agent.vote(round(1, List.of("approve", "reject"), Map.of(), List.of()));

        assertThat(vote.choice()).isEqualTo("approve");
        assertThat(vote.confidence()).isEqualTo(0.8);
    }

    @Test
    void shouldAbstainWhenItsPreferenceIsNotOffered() {
        assertThat(agent.vote(round(1, List.of("red", "blue"), Map.of(), List.of())).choice()).isEqualTo("abstain");
    }

    @Test
    void shouldFollowAClearMajorityInARevoteQuotingItsBestJustification() {
        List<Ballot> ballots = List.of(ballot("w1", "approve", 1, "mine"), ballot("w2", "reject", 2, "source B retracted it"),
                ballot("w3", "reject", 1, "weak"));

        AgentVote vote = agent.vote(round(2, List.of("approve", "reject"), Map.of("approve", 0.3, "reject", 0.7), ballots));

        assertThat(vote.choice()).isEqualTo("reject");
        assertThat(vote.justification()).contains("source B retracted it");
    }

    @Test
    void shouldKeepItsVoteInARevoteWithoutAClearMajority() {
        List<Ballot> ballots = List.of(ballot("w1", "approve", 1, "mine"), ballot("w2", "reject", 1, "no"));

        AgentVote vote = agent.vote(round(2, List.of("approve", "reject"), Map.of("approve", 0.45, "reject", 0.55), ballots));

        assertThat(vote.choice()).isEqualTo("approve");
    }
}
