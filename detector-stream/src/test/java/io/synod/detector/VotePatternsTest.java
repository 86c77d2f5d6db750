package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VotePatternsTest {
    private final VotePatterns method = new VotePatterns(DetectorSettings.defaults());
    private static final String ARGUMENT = "The registry entry and the signed statement both name the same owner of the parcel.";

    @Test
    void shouldFindAChangeOfChoiceBetweenRoundsThatRepeatsTheSameArgument() {
        RoundMemory.Print roundOne = Contexts.print("a1", "reject", ARGUMENT);

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ARGUMENT), null, List.of(), roundOne, 1,
                Contexts.TYPICAL_TENANT));

        assertThat(score.reasons()).containsExactly(VotePatterns.FLIP_FLOP);
    }

    @Test
    void shouldAcceptAChangeOfChoiceThatComesWithANewArgument() {
        RoundMemory.Print roundOne = Contexts.print("a1", "reject", ARGUMENT);

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7,
                "After reading the others I checked the land register again: the transfer was recorded last spring."), null, List.of(), roundOne, 1,
                Contexts.TYPICAL_TENANT));

        assertThat(score).isEqualTo(MethodScore.NONE);
    }

    @Test
    void shouldFindAVoteArrivingInABurstOfManyAgents() {
        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ARGUMENT), null, List.of(), null, 6,
                Contexts.TYPICAL_TENANT));

        assertThat(score.reasons()).containsExactly(VotePatterns.BURST);
    }

    @Test
    void shouldFindAnAgentAgreeingWithDecisionsFarLessThanARandomVoterWould() {
        AgentProfile contrarian = AgentProfile.newBuilder().setDecisionVotes(60).setDecisionAgreements(4).setChanceAgreements(30).build();

        assertThat(VotePatterns.contrarian(contrarian, 0.001)).isTrue();
    }

    @Test
    void shouldNotCallAnInaccurateAgentAtChanceLevelAContrarian() {
        AgentProfile coinFlipper = AgentProfile.newBuilder().setDecisionVotes(400).setDecisionAgreements(190).setChanceAgreements(200).build();

        assertThat(VotePatterns.contrarian(coinFlipper, 0.001)).isFalse();
    }

    @Test
    void shouldFindAnAgentThatAlwaysPicksTheSameOptionWhateverTheDecisions() {
        AgentProfile stuck = AgentProfile.newBuilder().setChoiceCounts(Map.of("approve", 50L)).setDecisionVotes(50).setDecisionAgreements(26).build();

        assertThat(VotePatterns.alwaysSame(stuck)).isTrue();
    }

    @Test
    void shouldNotCallAgreementWithUnanimousDecisionsAlwaysTheSame() {
        AgentProfile agreeable = AgentProfile.newBuilder().setChoiceCounts(Map.of("approve", 50L)).setDecisionVotes(50).setDecisionAgreements(50).build();

        assertThat(VotePatterns.alwaysSame(agreeable)).isFalse();
    }
}
