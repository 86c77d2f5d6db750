package io.synod.coordinator;

import static io.synod.coordinator.CoordinatorFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.config.SynodConfig;
import io.synod.events.SuspicionReasons;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.RoundOpened;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol's rules and the seed document's failure modes, each as given events and the exact ending. */
class ConsensusProtocolTest {
    private static final List<String> THREE = List.of("a1", "a2", "a3");

    @Test
    void shouldRejectAPolicyWithAnUnknownModeOrFallback() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.propose("p1", THREE, policy().setMode("telepathy").build(), 1_000L);
            given.propose("p2", THREE, policy().setFallback("coin_flip").build(), 1_000L);

            assertThat(given.rejected.readValuesToList()).extracting(r -> r.getReason()).containsExactly("invalid_policy", "invalid_policy");
        }
    }

    @Test
    void shouldFailWithoutAQuorumOfTheEligibleMembership() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3", "a4", "a5");
            given.propose("p1", List.of("a1", "a2", "a3", "a4", "a5"),
                    policy().setQuorumFraction(0.6).setMinParticipants(1).setMaxRounds(1).setRoundTimeoutMs(500L).build(), 1_000L);
            given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);

            given.advanceWallClockTo(2_000L);

            Decision decision = given.failed.readValue();
            assertThat(decision.getStatus()).isEqualTo("failed");
            assertThat(decision.getReason()).isEqualTo("quorum");
        }
    }

    @Test
    void shouldNeverLetBothSidesOfASplitBrainDecide() {
        // With a majority quorum, two disjoint halves of the membership cannot both reach one.
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            List<String> all = List.of("a1", "a2", "a3", "a4", "a5", "a6");
            all.forEach(given::givenAgents);
            var majorityQuorum = policy().setQuorumFraction(0.51).setMinParticipants(1).setMaxRounds(1).setRoundTimeoutMs(500L).build();
            given.propose("left", all, majorityQuorum, 1_000L);
            given.propose("right", all, majorityQuorum, 1_000L);
            for (String agent : List.of("a1", "a2", "a3")) {
                given.vote("left", agent, 1, "approve", 1.0, 1_100L);
            }
            for (String agent : List.of("a4", "a5", "a6")) {
                given.vote("right", agent, 1, "reject", 1.0, 1_100L);
            }

            given.advanceWallClockTo(2_000L);

            assertThat(given.achieved.isEmpty()).isTrue();
            assertThat(given.failed.readValuesToList()).extracting(Decision::getReason).containsExactly("quorum", "quorum");
        }
    }

    @Test
    void shouldDecideUnanimouslyOnlyWhenEveryVoterAgrees() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            var unanimous = policy().setMode("unanimous").setMaxRounds(1).setFallback("none").build();
            given.propose("p1", THREE, unanimous, 1_000L);
            given.propose("p2", THREE, unanimous, 1_000L);
            THREE.forEach(a -> given.vote("p1", a, 1, "approve", 0.3, 1_100L));
            given.vote("p2", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p2", "a2", 1, "approve", 1.0, 1_100L);
            given.vote("p2", "a3", 1, "reject", 0.1, 1_100L);

            assertThat(given.achieved.readValue().getProposalId()).isEqualTo("p1");
            Decision p2 = given.failed.readValue();
            assertThat(p2.getStatus()).isEqualTo("deadlock");
            assertThat(p2.getMode()).isEqualTo("unanimous");
        }
    }

    @Test
    void shouldDecideAMultiOptionProposalByPluralityInPluralityMode() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3", "a4");
            given.proposeWithOptions("p1", List.of("red", "green", "blue"), List.of("a1", "a2", "a3", "a4"), policy().setMode("plurality").build(), 1_000L);
            given.vote("p1", "a1", 1, "red", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "red", 1.0, 1_100L);
            given.vote("p1", "a3", 1, "green", 1.0, 1_100L);
            given.vote("p1", "a4", 1, "blue", 1.0, 1_100L);

            Decision decision = given.achieved.readValue();
            assertThat(decision.getDecision()).isEqualTo("red");
            assertThat(decision.getSupport()).isEqualTo(0.5);
            assertThat(decision.getDistribution()).containsOnlyKeys("red", "green", "blue");
        }
    }

    @Test
    void shouldExpireAProposalWhoseExpiryPassesBeforeItIsDecided() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3", "a4");
            given.propose("p1", List.of("a1", "a2", "a3", "a4"), policy().setExpiresAtMs(1_500L).build(), 1_000L);
            given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
            given.vote("p1", "a3", 1, "abstain", 1.0, 1_100L);

            given.advanceWallClockTo(1_600L);

            Decision decision = given.failed.readValue();
            assertThat(decision.getStatus()).isEqualTo("expired");
            assertThat(decision.getDecidedAtMs()).isEqualTo(1_500L);
        }
    }

    @Test
    void shouldEndAnEscalationInDeadlockWhenNoArbitrationArrivesInTime() {
        try (CoordinatorFixture given = new CoordinatorFixture(SynodConfig.defaults().with("consensus.arbitration.timeout.ms", "5000"))) {
            given.givenAgents("a1", "a2");
            given.propose("p1", List.of("a1", "a2"), policy().setMinParticipants(2).setMaxRounds(1).setFallback("escalate").build(), 1_000L);
            given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
            assertThat(given.escalated.readValue().getStatus()).isEqualTo("escalated");

            given.advanceWallClockTo(7_000L);

            Decision decision = given.failed.readValue();
            assertThat(decision.getStatus()).isEqualTo("deadlock");
            assertThat(decision.getReason()).isEqualTo("arbitration_timeout");
            given.arbitrations.pipeInput("t/p1", Arbitration.newBuilder().setTenant("t").setProposalId("p1").setDecision("approve")
                    .setArbiter("late").setDecidedAtMs(8_000L).build(), 8_000L);
            assertThat(given.rejected.readValue().getReason()).isEqualTo("not_escalated");
            assertThat(given.achieved.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldCarryBothPositionsAndTheirJustificationsInADeadlock() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2");
            given.propose("p1", List.of("a1", "a2"), policy().setMinParticipants(2).setMaxRounds(1).setFallback("none").build(), 1_000L);
            given.voteWithJustification("p1", "a1", 1, "approve", "The audit report confirms the figures.", 1_100L);
            given.voteWithJustification("p1", "a2", 1, "reject", "The second source retracted its claim.", 1_100L);

            Decision decision = given.failed.readValue();
            assertThat(decision.getStatus()).isEqualTo("deadlock");
            assertThat(decision.getDistribution()).containsEntry("approve", 0.5).containsEntry("reject", 0.5);
            assertThat(decision.getBallots()).extracting(Ballot::getJustification)
                    .containsExactlyInAnyOrder("The audit report confirms the figures.", "The second source retracted its claim.");
        }
    }

    @Test
    void shouldFixEligibilityWhenARoundOpensAndApplyMembershipChangesFromTheNextRound() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3", "a4");
            given.propose("p1", null, policy().setMinParticipants(2).setFallback("none").build(), 1_000L);
            given.givenAgent("a4", false, false, 1_050L);
            given.givenAgent("a5", true, false, 1_050L);
            given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
            given.vote("p1", "a3", 1, "abstain", 1.0, 1_100L);
            given.vote("p1", "a4", 1, "approve", 1.0, 1_100L);

            List<RoundOpened> rounds = given.rounds.readValuesToList();

            assertThat(rounds.get(0).getEligible()).containsExactly("a1", "a2", "a3", "a4");
            assertThat(rounds.get(1).getEligible()).containsExactly("a1", "a2", "a3", "a5");
            given.vote("p1", "a4", 2, "approve", 1.0, 1_200L);
            assertThat(given.rejected.readValuesToList()).extracting(r -> r.getReason()).containsExactly("not_eligible");
        }
    }

    @Test
    void shouldNotLetAFloodOfNewAgentsOutvoteTheTrustedSet() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            List<String> trusted = List.of("t1", "t2", "t3");
            List<String> newcomers = List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7");
            trusted.forEach(agent -> given.givenAgent(agent, true, true, 0L));
            newcomers.forEach(agent -> given.givenAgent(agent, true, false, 0L));
            List<String> everyone = new java.util.ArrayList<>(trusted);
            everyone.addAll(newcomers);
            given.propose("p1", everyone, policy().setRequireTrusted(true).setMaxRounds(1).setFallback("plurality").build(), 1_000L);
            trusted.forEach(agent -> given.vote("p1", agent, 1, "approve", 1.0, 1_100L));
            newcomers.forEach(agent -> given.vote("p1", agent, 1, "reject", 1.0, 1_100L));

            Decision decision = given.failed.readValue();
            assertThat(decision.getStatus()).isEqualTo("deadlock");
            assertThat(decision.getReason()).isEqualTo("trusted_dissent");
            assertThat(given.achieved.isEmpty()).isTrue();
        }
    }

    private static final List<String> ESTABLISHED = List.of("e1", "e2", "e3");
    private static final List<String> SWARM = List.of("s1", "s2", "s3", "s4", "s5", "s6");

    /**
     * Three established agents, registered at 0, approve in their own words; six fresh ones registered at
     * {@code swarmRegisteredAtMs} paste one text for reject, on a proposal made a second after that.
     */
    private static Decision swarmRound(CoordinatorFixture given, long swarmRegisteredAtMs) {
        ESTABLISHED.forEach(agent -> {
            given.givenAgent(agent, true, false, 0L);
            given.givenReputation(agent, 0.9);
        });
        SWARM.forEach(agent -> given.givenAgent(agent, true, false, swarmRegisteredAtMs));
        List<String> everyone = new java.util.ArrayList<>(ESTABLISHED);
        everyone.addAll(SWARM);
        long proposedAtMs = swarmRegisteredAtMs + 1_000L;
        given.propose("p1", everyone, policy().setMaxRounds(1).setFallback("plurality").build(), proposedAtMs);
        ESTABLISHED.forEach(agent -> given.voteWithJustification("p1", agent, 1, "approve", agent + " checked the primary sources.",
                proposedAtMs + 100L));
        SWARM.forEach(agent -> given.voteWithJustification("p1", agent, 1, "reject",
                "From what the item shows, I would classify this as reject, although I am not fully certain.", proposedAtMs + 100L));
        return given.achieved.readValue();
    }

    @Test
    void shouldExcludeASybilSwarmAndDecideWithTheEstablishedAgents() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            Decision decision = swarmRound(given, 0L);

            assertThat(decision.getDecision()).isEqualTo("approve");
            assertThat(decision.getFlagged()).containsExactlyInAnyOrderElementsOf(SWARM);
            assertThat(decision.getStatus()).isEqualTo("achieved");
            // Registered with the established agents (a tenant's start): excluded, but no conclusive swarm reason (decision 0107).
            assertThat(decision.getBallots()).noneMatch(ballot -> ballot.getReasons().contains(SuspicionReasons.SYBIL_SWARM));
        }
    }

    @Test
    void shouldMarkTheBallotsOfASwarmThatArrivedAfterTheEstablishedAgentsAsConclusive() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            Decision decision = swarmRound(given, 3_600_000L);

            assertThat(decision.getDecision()).isEqualTo("approve");
            assertThat(decision.getFlagged()).containsExactlyInAnyOrderElementsOf(SWARM);
            assertThat(decision.getBallots()).filteredOn(ballot -> SWARM.contains(ballot.getAgentId()))
                    .allMatch(ballot -> ballot.getReasons().contains(SuspicionReasons.SYBIL_SWARM) && ballot.getSuspicion() == 1.0);
            assertThat(decision.getBallots()).filteredOn(ballot -> ESTABLISHED.contains(ballot.getAgentId()))
                    .noneMatch(ballot -> ballot.getReasons().contains(SuspicionReasons.SYBIL_SWARM));
        }
    }

    /** Three near-identical justifications for approve, two of reject in the voters' own words. */
    private static final List<String> COPIERS = List.of("c1", "c2", "c3");

    private static void copyGroupVotes(CoordinatorFixture given, String reasonOfC2) {
        List<String> everyone = List.of("c1", "c2", "c3", "i1", "i2");
        everyone.forEach(agent -> given.givenAgent(agent, true, false, 0L));
        given.propose("p1", everyone, policy().setMaxRounds(1).setFallback("plurality").build(), 1_000L);
        given.voteWithJustification("p1", "c1", 1, "approve",
                "From what the item shows, I would classify this as approve, although I am not fully certain.", 1_100L);
        given.voteWithJustification("p1", "c2", 1, "approve",
                "From what the item shows, I would classify this as approve, although I am not entirely certain.",
                reasonOfC2 == null ? List.of() : List.of(reasonOfC2), 1_100L);
        given.voteWithJustification("p1", "c3", 1, "approve",
                "From what the item shows, I would label this as approve, although I am not fully certain.", 1_100L);
        given.voteWithJustification("p1", "i1", 1, "reject", "The second source retracted its claim last week.", 1_100L);
        given.voteWithJustification("p1", "i2", 1, "reject", "Two of the quoted figures contradict the annual report.", 1_100L);
    }

    private static List<Double> copierSuspicions(Decision decision) {
        return decision.getBallots().stream().filter(b -> COPIERS.contains(b.getAgentId())).map(Ballot::getSuspicion).toList();
    }

    @Test
    void shouldFlagAFirstCopyGroupOfAgentsWithCleanRecordsWithoutDownWeightingIt() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            COPIERS.forEach(agent -> given.givenFlaggedBefore(agent, 0));
            copyGroupVotes(given, null);

            Decision decision = given.decisions.readValue();
            assertThat(decision.getFlagged()).containsExactlyInAnyOrderElementsOf(COPIERS);
            assertThat(copierSuspicions(decision)).containsOnly(0.0);
            assertThat(decision.getDecision()).isEqualTo("approve");
        }
    }

    @Test
    void shouldCountACopyGroupAsOneVoterOnceAMemberWasFlaggedBefore() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenFlaggedBefore("c1", 1);
            given.givenFlaggedBefore("c2", 0);
            given.givenFlaggedBefore("c3", 0);
            copyGroupVotes(given, null);

            Decision decision = given.decisions.readValue();
            assertThat(decision.getFlagged()).containsExactlyInAnyOrderElementsOf(COPIERS);
            assertThat(copierSuspicions(decision)).hasSize(3).allSatisfy(s -> assertThat(s).isCloseTo(2.0 / 3, within(1e-9)));
            assertThat(decision.getDecision()).isEqualTo("reject");
        }
    }

    @Test
    void shouldCountACopyGroupAsOneVoterWhenAMemberNearlyDuplicatesAnEarlierVoteOfTheRound() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            COPIERS.forEach(agent -> given.givenFlaggedBefore(agent, 0));
            copyGroupVotes(given, SuspicionReasons.NEAR_DUPLICATE);

            Decision decision = given.decisions.readValue();
            assertThat(copierSuspicions(decision)).hasSize(3).allSatisfy(s -> assertThat(s).isCloseTo(2.0 / 3, within(1e-9)));
            assertThat(decision.getDecision()).isEqualTo("reject");
        }
    }

    @Test
    void shouldKeepDecidingWhenEveryAgentsReputationHasCollapsed() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            THREE.forEach(agent -> given.givenReputation(agent, 0.05));
            given.propose("p1", THREE, null, 1_000L);

            given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a3", 1, "approve", 0.5, 1_100L);

            Decision decision = given.achieved.readValue();
            assertThat(decision.getDecision()).isEqualTo("approve");
            assertThat(decision.getSupport()).isEqualTo(1.0);
        }
    }
}
