package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.internal.ReputationSignal;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AgentProfilesTest {
    private static ReputationSignal decision(String proposal, String choice, double confidence, String justification, List<String> reasons, int round) {
        return ReputationSignal.newBuilder().setTenant("t").setAgentId("a").setKind("decision").setProposalId(proposal).setAtMs(1)
                .setAgreed("approve".equals(choice)).setChoice(choice).setDecision("approve").setConfidence(confidence)
                .setPosterior(Map.of("approve", 0.8, "reject", 0.2)).setOptions(2).setJustification(justification)
                .setReasons(reasons).setRound(round).build();
    }

    @Test
    void shouldScoreCalibrationAgainstTheDecisionsPosteriorAndThenTheTruth() {
        AgentProfile profile = AgentProfiles.empty();

        AgentProfiles.onDecision(profile, decision("p1", "approve", 1.0, "", List.of(), 1));
        AgentProfiles.onOutcome(profile, ReputationSignal.newBuilder(decision("p1", "approve", 1.0, "", List.of(), 1)).setKind("outcome")
                .setTruth("reject").build());

        assertThat(profile.getBrierDecisions()).isCloseTo(0.04, Offset.offset(1e-9));
        assertThat(profile.getBrierTruth()).isEqualTo(1.0);
    }

    @Test
    void shouldSumTheDecisionsSupportOfEachChoiceAgainstTheTruthWhenOutcomesArrive() {
        AgentProfile profile = AgentProfiles.empty();

        AgentProfiles.onOutcome(profile, ReputationSignal.newBuilder(decision("p1", "approve", 0.9, "", List.of(), 1)).setKind("outcome")
                .setTruth("reject").build());
        AgentProfiles.onOutcome(profile, ReputationSignal.newBuilder(decision("p2", "reject", 0.9, "", List.of(), 1)).setKind("outcome")
                .setTruth("reject").build());
        // A choice the decision's posterior does not cover (an abstention) says nothing about the gap.
        AgentProfiles.onOutcome(profile, ReputationSignal.newBuilder(decision("p3", "abstain", 0.9, "", List.of(), 1)).setKind("outcome")
                .setTruth("reject").build());

        assertThat(profile.getOutcomeVotes()).isEqualTo(2);
        assertThat(profile.getOutcomeSupport()).isCloseTo(0.8 + 0.2, Offset.offset(1e-9));
        assertThat(profile.getOutcomeRight()).isEqualTo(1);
    }

    @Test
    void shouldCountGroundTruthsWhereTheCountedMajorityMissedAndWhetherTheAgentWasRightThere() {
        AgentProfile profile = AgentProfiles.empty();

        // The majority chose approve on p1 (right), p2 (missed, agent wrong too) and p3 (missed, agent right); p4 was a tie.
        AgentProfiles.onOutcome(profile, outcome("p1", "reject", "approve", "approve"));
        AgentProfiles.onOutcome(profile, outcome("p2", "approve", "reject", "approve"));
        AgentProfiles.onOutcome(profile, outcome("p3", "reject", "reject", "approve"));
        AgentProfiles.onOutcome(profile, outcome("p4", "approve", "reject", null));

        assertThat(profile.getMissedOutcomes()).isEqualTo(2);
        assertThat(profile.getMissedRight()).isEqualTo(1);
    }

    @Test
    void shouldCountExcludedVotesAndThoseForTheCountedPlurality() {
        AgentProfile profile = AgentProfiles.empty();

        AgentProfiles.onExcludedVote(profile, ReputationSignal.newBuilder().setTenant("t").setAgentId("x").setKind("flag")
                .setProposalId("p1").setAtMs(1L).setChoice("approve").setMajority("approve").build());
        AgentProfiles.onExcludedVote(profile, ReputationSignal.newBuilder().setTenant("t").setAgentId("x").setKind("flag")
                .setProposalId("p2").setAtMs(2L).setChoice("reject").setMajority("approve").build());

        assertThat(profile.getExcludedVotes()).isEqualTo(2);
        assertThat(profile.getExcludedWithMajority()).isEqualTo(1);
    }

    private static ReputationSignal outcome(String proposal, String choice, String truth, String majority) {
        return ReputationSignal.newBuilder(decision(proposal, choice, 0.9, "", List.of(), 1)).setKind("outcome")
                .setTruth(truth).setMajority(majority).build();
    }

    @Test
    void shouldSumStatedConfidenceAgainstTheDecisionsPosteriorOfTheChoiceForTheResolution() {
        AgentProfile profile = AgentProfiles.empty();

        AgentProfiles.onDecision(profile, decision("p1", "approve", 0.9, "", List.of(), 1));
        AgentProfiles.onDecision(profile, decision("p2", "reject", 0.6, "", List.of(), 1));

        assertThat(profile.getResolutionVotes()).isEqualTo(2);
        assertThat(profile.getConfidenceSum()).isCloseTo(1.5, Offset.offset(1e-9));
        assertThat(profile.getConfidenceSquares()).isCloseTo(0.81 + 0.36, Offset.offset(1e-9));
        assertThat(profile.getRightSum()).isCloseTo(0.8 + 0.2, Offset.offset(1e-9));
        assertThat(profile.getConfidenceRight()).isCloseTo(0.9 * 0.8 + 0.6 * 0.2, Offset.offset(1e-9));
    }

    @Test
    void shouldCountAJustificationPastedOntoAnotherProposalAsASelfCopy() {
        AgentProfile profile = AgentProfiles.empty();
        String text = "The second clause names the supplier and the invoice carries the same tax number, so approve.";

        AgentProfiles.onDecision(profile, decision("p1", "approve", 0.8, text, List.of(), 1));
        AgentProfiles.onDecision(profile, decision("p2", "reject", 0.8, text.replace("approve", "reject"), List.of(), 1));

        assertThat(profile.getJustifiedVotes()).isEqualTo(2);
        assertThat(profile.getSelfCopies()).isEqualTo(1);
    }

    @Test
    void shouldCountFlipFlopsAmongLaterRoundVotesFromTheDetectorsReasons() {
        AgentProfile profile = AgentProfiles.empty();

        AgentProfiles.onDecision(profile, decision("p1", "reject", 0.8, "", List.of("flip_flop_without_new_argument"), 2));
        AgentProfiles.onDecision(profile, decision("p2", "approve", 0.8, "", List.of(), 2));

        assertThat(profile.getLaterRoundVotes()).isEqualTo(2);
        assertThat(profile.getFlipFlops()).isEqualTo(1);
        assertThat(profile.getReasonCounts()).containsEntry("flip_flop_without_new_argument", 1L);
    }

    @Test
    void shouldKeepOnlyTheMostRecentSixtyFourOutcomes() {
        AgentProfile profile = AgentProfiles.empty();
        for (int i = 0; i < 100; i++) {
            AgentProfiles.onDecision(profile, decision("p" + i, "approve", 0.8, "", List.of(), 1));
        }

        assertThat(profile.getRecentChance()).hasSize(AgentProfiles.RECENT);
        assertThat(profile.getDecisionVotes()).isEqualTo(100);
    }
}
