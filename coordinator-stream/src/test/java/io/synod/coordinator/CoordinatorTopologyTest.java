package io.synod.coordinator;

import static io.synod.coordinator.CoordinatorFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.config.SynodConfig;
import io.synod.events.QuarantineReasons;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.schemas.RoundOpened;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoordinatorTopologyTest {
    private static final List<String> FIVE = List.of("a1", "a2", "a3", "a4", "a5");
    private final CoordinatorFixture given = new CoordinatorFixture();

    @AfterEach
    void tearDown() {
        given.close();
    }

    @Test
    void shouldOpenRoundOneForTheEligibleParticipantsWhenAProposalArrives() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5", "outsider");

        given.propose("p1", List.of("a1", "a2", "a3", "unregistered"), null, 1_000L);

        RoundOpened round = given.rounds.readValue();
        assertThat(round.getRound()).isEqualTo(1);
        assertThat(round.getEligible()).containsExactly("a1", "a2", "a3");
        assertThat(round.getOptions()).containsExactly("approve", "reject");
        assertThat(round.getDeadlineMs()).isEqualTo(31_000L);
        assertThat(round.getPolicy().getThreshold()).isEqualTo(0.67);
    }

    @Test
    void shouldMakeEveryActiveMemberEligibleWhenAProposalNamesNoParticipants() {
        given.givenAgents("a1", "a2", "a3");

        given.propose("p1", null, null, 1_000L);

        assertThat(given.rounds.readValue().getEligible()).containsExactly("a1", "a2", "a3");
    }

    @Test
    void shouldAchieveConsensusWhenTheWeightedShareReachesTheThreshold() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, null, 1_000L);

        for (String agent : List.of("a1", "a2", "a3", "a4")) {
            given.vote("p1", agent, 1, "approve", 1.0, 1_100L);
        }
        given.vote("p1", "a5", 1, "reject", 1.0, 1_200L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getStatus()).isEqualTo("achieved");
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getSupport()).isCloseTo(0.8, within(1e-9));
        assertThat(decision.getParticipants()).isEqualTo(5);
        assertThat(decision.getDecidedAtMs()).isEqualTo(1_200L);
        assertThat(decision.getLastVoteAtMs()).isEqualTo(1_200L);
        assertThat(given.decisions.readValue()).isEqualTo(decision);
    }

    @Test
    void shouldNotReachTheThresholdWithThreeOfFiveEqualAgents() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, policy().setMaxRounds(1).setFallback("none").build(), 1_000L);

        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a4", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a5", 1, "reject", 1.0, 1_100L);

        Decision decision = given.failed.readValue();
        assertThat(decision.getSupport()).isCloseTo(0.60, within(1e-9));
        assertThat(decision.getStatus()).isEqualTo("deadlock");
        assertThat(decision.getDecision()).isNull();
        assertThat(decision.getDistribution()).containsEntry("approve", 0.6).containsEntry("reject", 0.4);
        assertThat(given.achieved.isEmpty()).isTrue();
    }

    @Test
    void shouldFallBackToSimpleMajorityAfterThreeRounds() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, policy().setMaxRounds(5).setFallback("simple_majority").setFallbackAfterRounds(3).build(), 1_000L);

        for (int round = 1; round <= 3; round++) {
            long at = 1_000L + round * 100;
            given.vote("p1", "a1", round, "approve", 1.0, at);
            given.vote("p1", "a2", round, "approve", 1.0, at);
            given.vote("p1", "a3", round, "approve", 1.0, at);
            given.vote("p1", "a4", round, "reject", 1.0, at);
            given.vote("p1", "a5", round, "reject", 1.0, at);
        }

        assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getRound).containsExactly(1, 2, 3);
        Decision decision = given.achieved.readValue();
        assertThat(decision.getStatus()).isEqualTo("fallback");
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getRound()).isEqualTo(3);
        assertThat(decision.getSupport()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void shouldDecideALaterRoundNobodyVotedInOnTheVotesThatStandFromTheRoundBefore() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3");
        given.propose("p1", FIVE, policy().setMaxRounds(2).setFallback("plurality").setRoundTimeoutMs(500L).build(), 1_000L);
        splitThreeToTwo("p1", 1_100L);

        given.propose("p2", List.of("b1", "b2", "b3"), null, 1_700L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getProposalId()).isEqualTo("p1");
        assertThat(decision.getRound()).isEqualTo(2);
        assertThat(decision.getStatus()).isEqualTo("fallback");
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getSupport()).isCloseTo(0.6, within(1e-9));
        assertThat(decision.getParticipants()).isEqualTo(5);
        assertThat(decision.getBallots()).extracting(b -> b.getAgentId()).containsExactly("a1", "a2", "a3", "a4", "a5");
    }

    @Test
    void shouldCountAnAgentsNewVoteInPlaceOfTheOneThatStoodFromTheRoundBefore() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3");
        given.propose("p1", FIVE, policy().setMaxRounds(2).setFallback("none").setRoundTimeoutMs(500L).build(), 1_000L);
        splitThreeToTwo("p1", 1_100L);
        given.vote("p1", "a4", 2, "approve", 1.0, 1_200L);

        given.propose("p2", List.of("b1", "b2", "b3"), null, 1_700L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getStatus()).isEqualTo("achieved");
        assertThat(decision.getRound()).isEqualTo(2);
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getSupport()).isCloseTo(0.8, within(1e-9));
        assertThat(decision.getParticipants()).isEqualTo(5);
        assertThat(decision.getBallots()).filteredOn(b -> b.getAgentId().equals("a4")).singleElement()
                .satisfies(b -> assertThat(b.getChoice()).isEqualTo("approve"));
    }

    @Test
    void shouldLeaveNoBallotInTheStoreOnceAProposalThatHadStandingVotesIsDecided() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, policy().setMaxRounds(2).setFallback("plurality").setRoundTimeoutMs(500L).build(), 1_000L);
        splitThreeToTwo("p1", 1_100L);
        given.vote("p1", "a5", 2, "approve", 1.0, 1_200L);
        KeyValueStore<String, Ballot> ballots = given.driver.getKeyValueStore(CoordinatorStores.BALLOTS);
        assertThat(storedKeys(ballots)).hasSize(6);

        given.propose("p2", FIVE, null, 1_700L);

        assertThat(given.achieved.readValue().getProposalId()).isEqualTo("p1");
        assertThat(storedKeys(ballots)).isEmpty();
    }

    private static List<String> storedKeys(KeyValueStore<String, Ballot> store) {
        List<String> keys = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private void splitThreeToTwo(String proposal, long atMs) {
        for (String agent : List.of("a1", "a2", "a3")) {
            given.vote(proposal, agent, 1, "approve", 1.0, atMs);
        }
        for (String agent : List.of("a4", "a5")) {
            given.vote(proposal, agent, 1, "reject", 1.0, atMs);
        }
    }

    @Test
    void shouldLetFourFullReputationAgentsOutweighALowReputationAgentAtFullConfidence() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.givenReputation("a3", 0.2);
        given.propose("p1", FIVE, null, 1_000L);

        given.vote("p1", "a3", 1, "approve", 1.0, 1_100L);
        for (String agent : List.of("a1", "a2", "a4", "a5")) {
            given.vote("p1", agent, 1, "reject", 1.0, 1_200L);
        }

        Decision decision = given.achieved.readValue();
        assertThat(decision.getDecision()).isEqualTo("reject");
        assertThat(decision.getSupport()).isCloseTo(4.0 / 4.2, within(1e-9));
        assertThat(decision.getBallots()).filteredOn(b -> b.getAgentId().equals("a3"))
                .singleElement().satisfies(b -> assertThat(b.getWeight()).isCloseTo(0.2, within(1e-9)));
    }

    @Test
    void shouldWeighEachVoteByReputationTimesConfidence() {
        given.givenAgents("a1", "a2", "a3");
        given.givenReputation("a1", 0.5);
        given.propose("p1", List.of("a1", "a2", "a3"), null, 1_000L);

        given.vote("p1", "a1", 1, "approve", 0.8, 1_100L);
        given.vote("p1", "a2", 1, "approve", 0.5, 1_100L);
        given.vote("p1", "a3", 1, "reject", 0.1, 1_100L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getSupport()).isCloseTo(0.9 / 1.0, within(1e-9));
    }

    @Test
    void shouldCloseTheRoundAtItsDeadlineInEventTime() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3");
        given.propose("p1", FIVE, policy().setRoundTimeoutMs(500L).build(), 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "approve", 1.0, 1_100L);

        given.propose("p2", List.of("b1", "b2", "b3"), null, 1_600L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getProposalId()).isEqualTo("p1");
        assertThat(decision.getDecidedAtMs()).isEqualTo(1_500L);
        assertThat(decision.getParticipants()).isEqualTo(3);
        assertThat(decision.getEligible()).isEqualTo(5);
    }

    @Test
    void shouldCloseAnIdleRoundWhenTheWallClockPassesItsDeadline() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, policy().setRoundTimeoutMs(500L).setMaxRounds(1).build(), 1_000L);
        given.vote("p1", "a1", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "reject", 1.0, 1_100L);
        assertThat(given.decisions.isEmpty()).isTrue();

        given.advanceWallClockTo(1_501L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getDecision()).isEqualTo("reject");
        assertThat(decision.getDecidedAtMs()).isEqualTo(1_500L);
    }

    @Test
    void shouldDecideEachProposalExactlyOnceAndRejectLateVotes() {
        given.givenAgents("a1", "a2", "a3");
        given.propose("p1", List.of("a1", "a2", "a3"), null, 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "approve", 1.0, 1_100L);

        given.vote("p1", "a3", 1, "reject", 1.0, 1_200L);
        given.advanceWallClockTo(100_000L);
        given.propose("p1", List.of("a1", "a2", "a3"), null, 1_300L);

        assertThat(given.decisions.readValuesToList()).hasSize(1);
        assertThat(given.rejected.readValuesToList()).extracting(r -> r.getReason())
                .containsExactly("round_closed", "duplicate_proposal");
    }

    @Test
    void shouldForgetAnEndedProposalAfterTheRetentionSoALateVoteIsUnknownAndTheIdIsFreeAgain() {
        try (CoordinatorFixture given = new CoordinatorFixture(SynodConfig.defaults().with("consensus.ended.retention.ms", "60000"))) {
            given.givenAgents("a1", "a2", "a3");
            given.propose("p1", List.of("a1", "a2", "a3"), null, 1_000L);
            List.of("a1", "a2", "a3").forEach(agent -> given.vote("p1", agent, 1, "approve", 1.0, 1_100L));
            given.vote("p1", "a3", 1, "reject", 1.0, 1_200L);
            given.advanceWallClockTo(61_000L);
            given.propose("p1", List.of("a1", "a2", "a3"), null, 61_000L);

            given.advanceWallClockTo(61_200L);
            given.vote("p1", "a3", 1, "reject", 1.0, 61_300L);
            given.propose("p1", List.of("a1", "a2", "a3"), null, 61_400L);

            assertThat(given.decisions.readValuesToList()).hasSize(1);
            assertThat(given.rejected.readValuesToList()).extracting(r -> r.getReason())
                    .containsExactly("round_closed", "duplicate_proposal", "unknown_proposal");
            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getOpenedAtMs).containsExactly(1_000L, 61_400L);
        }
    }

    @Test
    void shouldRejectASecondVoteInARoundAndKeepTheFirst() {
        given.givenAgents("a1", "a2", "a3");
        given.propose("p1", List.of("a1", "a2", "a3"), null, 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);

        given.vote("p1", "a1", 1, "reject", 1.0, 1_150L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_200L);
        given.vote("p1", "a3", 1, "approve", 1.0, 1_200L);

        assertThat(given.rejected.readValue().getReason()).isEqualTo("duplicate");
        assertThat(given.achieved.readValue().getSupport()).isEqualTo(1.0);
    }

    @Test
    void shouldRejectAPolicyWhoseThresholdIsNotAboveOneHalf() {
        given.givenAgents("a1", "a2", "a3");

        given.propose("p1", null, policy().setThreshold(0.5).build(), 1_000L);

        assertThat(given.rejected.readValue().getReason()).isEqualTo("invalid_policy");
        assertThat(given.rounds.isEmpty()).isTrue();
    }

    @Test
    void shouldShareThePreviousTallyAndJustificationsWhenTheNextRoundOpens() {
        given.givenAgents("a1", "a2", "a3");
        given.propose("p1", List.of("a1", "a2", "a3"), policy().setFallback("none").build(), 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "abstain", 1.0, 1_100L);

        List<RoundOpened> rounds = given.rounds.readValuesToList();

        assertThat(rounds).hasSize(2);
        RoundOpened second = rounds.get(1);
        assertThat(second.getRound()).isEqualTo(2);
        assertThat(second.getPreviousDistribution()).containsEntry("approve", 0.5).containsEntry("reject", 0.5);
        assertThat(second.getPreviousBallots()).extracting(b -> b.getJustification())
                .contains("a1 thinks approve", "a2 thinks reject");
        assertThat(given.decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldNeverCountAbstentionsTowardAnOptionsSupport() {
        given.givenAgents("a1", "a2", "a3");
        given.propose("p1", List.of("a1", "a2", "a3"), null, 1_000L);

        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "abstain", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "abstain", 1.0, 1_100L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getSupport()).isEqualTo(1.0);
        assertThat(decision.getParticipants()).isEqualTo(3);
    }

    @Test
    void shouldFailWhenFewerThanTheMinimumParticipantsVoted() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, policy().setMaxRounds(1).setRoundTimeoutMs(500L).build(), 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);

        given.advanceWallClockTo(2_000L);

        Decision decision = given.failed.readValue();
        assertThat(decision.getStatus()).isEqualTo("failed");
        assertThat(decision.getReason()).isEqualTo("min_participants");
    }

    @Test
    void shouldEscalateAndAcceptTheArbitratorsDecision() {
        given.givenAgents("a1", "a2", "a3", "a4");
        given.propose("p1", List.of("a1", "a2", "a3", "a4"), policy().setMaxRounds(1).setFallback("escalate").build(), 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a4", 1, "reject", 1.0, 1_100L);
        assertThat(given.escalated.readValue().getStatus()).isEqualTo("escalated");

        given.arbitrations.pipeInput("t/p1", Arbitration.newBuilder().setTenant("t").setProposalId("p1")
                .setDecision("reject").setArbiter("reviewer-1").setDecidedAtMs(5_000L).build(), 5_000L);

        Decision decision = given.achieved.readValue();
        assertThat(decision.getStatus()).isEqualTo("arbitrated");
        assertThat(decision.getDecision()).isEqualTo("reject");
        assertThat(decision.getParticipants()).isEqualTo(4);
    }

    @Test
    void shouldRefuseAnArbiterNameHoldingANulAndTakeTheNextArbitration() {
        given.givenAgents("a1", "a2", "a3", "a4");
        given.propose("p1", List.of("a1", "a2", "a3", "a4"), policy().setMaxRounds(1).setFallback("escalate").build(), 1_000L);
        given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a4", 1, "reject", 1.0, 1_100L);
        assertThat(given.escalated.readValue().getStatus()).isEqualTo("escalated");

        given.arbitrations.pipeInput("t/p1", Arbitration.newBuilder().setTenant("t").setProposalId("p1")
                .setDecision("reject").setArbiter("rev\u0000iewer").setDecidedAtMs(5_000L).build(), 5_000L);
        given.arbitrations.pipeInput("t/p1", Arbitration.newBuilder().setTenant("t").setProposalId("p1")
                .setDecision("approve").setArbiter("reviewer-1; DROP TABLE decisions").setDecidedAtMs(5_100L).build(), 5_100L);

        assertThat(given.rejected.readValue().getReason()).isEqualTo("invalid_value");
        Decision decision = given.achieved.readValue();
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getReason()).isEqualTo("arbitrated by reviewer-1; DROP TABLE decisions");
    }

    @Test
    void shouldHaltWhenMoreThanFortyPercentOfVotersAreFlagged() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5");
        given.propose("p1", FIVE, null, 1_000L);

        given.vote("p1", "a1", 1, "approve", 1.0, 0.9, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 0.9, 1_100L);
        given.vote("p1", "a3", 1, "approve", 1.0, 0.9, 1_100L);
        given.vote("p1", "a4", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a5", 1, "reject", 1.0, 1_100L);

        Decision decision = given.halted.readValue();
        assertThat(decision.getStatus()).isEqualTo("halted");
        assertThat(decision.getDecision()).isNull();
        assertThat(decision.getFlagged()).containsExactly("a1", "a2", "a3");
    }

    @Test
    void shouldNotHaltBecauseAlreadyQuarantinedAgentsVoteEvenThoughTheDetectorScoresThemAsByzantine() {
        given.givenAgents("a1", "a2", "a3", "a4", "a5", "a6");
        given.givenQuarantined("a1", "contrarian");
        given.givenQuarantined("a2", "contrarian");
        given.givenQuarantined("a3", "contrarian");
        given.propose("p1", List.of("a1", "a2", "a3", "a4", "a5", "a6"), null, 1_000L);

        given.vote("p1", "a1", 1, "approve", 1.0, 1.0, 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1.0, 1_100L);
        given.vote("p1", "a3", 1, "approve", 1.0, 1.0, 1_100L);
        given.vote("p1", "a4", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a5", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a6", 1, "reject", 1.0, 1_100L);

        assertThat(given.halted.isEmpty()).isTrue();
        Decision decision = given.achieved.readValue();
        assertThat(decision.getDecision()).isEqualTo("reject");
        assertThat(decision.getFlagged()).containsExactly("a1", "a2", "a3");
    }

    /**
     * a1, quarantined for {@code reason} at {@code accuracy}, votes approve (scored at {@code scoredSuspicion})
     * against three reject votes: its ballot in the decision.
     */
    private Ballot quarantinedVotersBallot(String reason, double accuracy, double scoredSuspicion) {
        given.givenAgents("a1", "a2", "a3", "a4");
        given.givenQuarantined("a1", reason, accuracy);
        given.propose("p1", List.of("a1", "a2", "a3", "a4"), null, 1_000L);

        given.vote("p1", "a1", 1, "approve", 1.0, scoredSuspicion, 1_100L);
        given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "reject", 1.0, 1_100L);
        given.vote("p1", "a4", 1, "reject", 1.0, 1_100L);

        Decision decision = given.decisions.readValuesToList().get(0);
        return decision.getBallots().stream().filter(b -> b.getAgentId().equals("a1")).findFirst().orElseThrow();
    }

    @Test
    void shouldMarkTheBallotOfAnAgentQuarantinedAfterTheDetectorScoredItsVote() {
        // The detector scored a1's vote before the quarantine reached it: no suspicion, no mark. The round
        // excludes a1 all the same, and says why, so the reputation app reads no new evidence into it.
        Ballot ballot = quarantinedVotersBallot("contrarian", 0.5, 0.0);

        assertThat(ballot.getSuspicion()).isEqualTo(1.0);
        assertThat(ballot.getReasons()).containsExactly(QuarantineReasons.onBallot("contrarian"));
    }

    @Test
    void shouldRecordAnExcludedVotersEstimatedAccuracyOnItsBallotNotTheUnknownDefault() {
        Ballot ballot = quarantinedVotersBallot("collusion", 0.82, 1.0);

        assertThat(ballot.getSuspicion()).isEqualTo(1.0);
        assertThat(ballot.getAccuracy()).isEqualTo(0.82);
    }

    @Test
    void shouldCarryTheDetectorsReasonCodesOnTheCountedBallots() {
        given.givenAgents("a1", "a2", "a3");
        given.propose("p1", List.of("a1", "a2", "a3"), null, 1_000L);
        Vote vote = Vote.newBuilder().setEventId("v-r").setTenant("t").setProposalId("p1").setAgentId("a1").setRound(1)
                .setChoice("approve").setConfidence(1.0).setJustification("ok").setCastAtMs(1_100L).build();

        given.votes.pipeInput("t/p1", ScoredVote.newBuilder().setVote(vote).setSuspicion(0.2)
                .setReasons(List.of("low_information_justification")).setScoredAtMs(1_100L).build(), 1_100L);
        given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
        given.vote("p1", "a3", 1, "approve", 1.0, 1_100L);

        Decision decision = given.decisions.readValuesToList().get(0);
        assertThat(decision.getBallots()).filteredOn(b -> b.getAgentId().equals("a1")).singleElement()
                .satisfies(b -> assertThat(b.getReasons()).containsExactly("low_information_justification"));
    }

    @Test
    void shouldFailAtOnceWhenTooFewAgentsAreEligible() {
        given.givenAgents("a1", "a2");

        given.propose("p1", null, null, 1_000L);

        Decision decision = given.failed.readValue();
        assertThat(decision.getReason()).isEqualTo("min_participants");
        assertThat(given.rounds.isEmpty()).isTrue();
    }
}
