package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.synod.config.SynodConfig;
import io.synod.events.QuarantineReasons;
import io.synod.events.SuspicionReasons;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReputationTopologyTest {
    private final Topics topics = Topics.local();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Decision> decisions;
    private TestInputTopic<String, Outcome> outcomes;
    private TestOutputTopic<String, Reputation> reputation;
    private TestOutputTopic<String, Rejection> rejected;
    private int proposals;

    @BeforeEach
    void setUp() {
        start(SynodConfig.defaults());
    }

    private void start(SynodConfig config) {
        start(config, SeedReputationPolicy.from(config));
    }

    private void start(SynodConfig config, ReputationPolicy policy) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reputation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        driver = new TopologyTestDriver(ReputationTopology.build(topics, policy, CollusionCheck.from(config),
                GroupCollusion.from(config), new ReputationTopology.HealthSettings(0.3, 10), ReputationTopology.Retention.from(config),
                StoreKinds.IN_MEMORY), props);
        decisions = driver.createInputTopic(Topics.DECISIONS, topics.decisions.keySerde().serializer(), topics.decisions.valueSerde().serializer());
        outcomes = driver.createInputTopic(Topics.OUTCOMES, topics.outcomes.keySerde().serializer(), topics.outcomes.valueSerde().serializer());
        reputation = driver.createOutputTopic(Topics.REPUTATION, topics.reputation.keySerde().deserializer(), topics.reputation.valueSerde().deserializer());
        rejected = driver.createOutputTopic(Topics.REJECTED, topics.rejected.keySerde().deserializer(), topics.rejected.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private String decide(String status, String winner, List<String> flagged, String... agentChoice) {
        String id = "p" + (++proposals);
        List<Ballot> ballots = new ArrayList<>();
        for (int i = 0; i < agentChoice.length; i += 2) {
            boolean excluded = flagged.contains(agentChoice[i]);
            ballots.add(Ballot.newBuilder().setAgentId(agentChoice[i]).setChoice(agentChoice[i + 1]).setConfidence(1.0)
                    .setWeight(excluded ? 0.0 : 1.0).setSuspicion(excluded ? 1.0 : 0.0).setCastAtMs(proposals * 1_000L).build());
        }
        decisions.pipeInput("t/" + id, Decision.newBuilder().setEventId(id).setTenant("t").setProposalId(id).setStatus(status)
                .setDecision(winner).setSupport(1.0).setRound(1).setMode("weighted").setParticipants(ballots.size())
                .setDistribution(Map.of()).setFlagged(flagged).setBallots(ballots).setThreshold(0.67)
                .setProposedAtMs(0L).setDecidedAtMs(proposals * 1_000L).build(), proposals * 1_000L);
        return id;
    }

    private Map<String, Reputation> latest() {
        Map<String, Reputation> byKey = new java.util.TreeMap<>();
        reputation.readKeyValuesToList().forEach(kv -> byKey.put(kv.key, kv.value));
        return byKey;
    }

    @Test
    void shouldQuarantineALateSwarmsMembersOnTheirFirstExclusionAndOtherExcludedVotersOnlyWhenItRecurs() {
        driver.close();
        SynodConfig config = SynodConfig.defaults();
        start(config, BayesianReputationPolicy.from(config));
        List<Ballot> ballots = new ArrayList<>();
        ballots.add(Ballot.newBuilder().setAgentId("e").setChoice("approve").setConfidence(0.9).setWeight(1.0).setSuspicion(0.0)
                .setCastAtMs(1_000L).build());
        ballots.add(Ballot.newBuilder().setAgentId("s").setChoice("reject").setConfidence(0.9).setWeight(0.0).setSuspicion(1.0)
                .setReasons(List.of(SuspicionReasons.SYBIL_SWARM)).setCastAtMs(1_000L).build());
        ballots.add(Ballot.newBuilder().setAgentId("x").setChoice("reject").setConfidence(0.9).setWeight(0.0).setSuspicion(1.0)
                .setCastAtMs(1_000L).build());
        decisions.pipeInput("t/p1", Decision.newBuilder().setEventId("p1").setTenant("t").setProposalId("p1").setStatus("achieved")
                .setDecision("approve").setSupport(1.0).setRound(1).setMode("weighted").setParticipants(1)
                .setDistribution(Map.of("approve", 1.0, "reject", 0.0)).setFlagged(List.of("s", "x")).setBallots(ballots).setThreshold(0.67)
                .setProposedAtMs(0L).setDecidedAtMs(1_000L).build(), 1_000L);

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/s").getFlagged()).isTrue();
        assertThat(now.get("t/s").getFlagReason()).isEqualTo(SuspicionReasons.SYBIL_SWARM);
        assertThat(now.get("t/x").getFlagged()).isFalse();
        assertThat(now.get("t/x").getFlags()).isEqualTo(1);
    }

    @Test
    void shouldRaiseAgreeingAgentsByFiveHundredthsAndLowerDissentersByTwoHundredths() {
        for (int i = 0; i < 5; i++) {
            decide("achieved", "approve", List.of(), "a", "reject", "b", "approve");
        }
        assertThat(latest().get("t/a").getReputation()).isCloseTo(0.90, within(1e-9));

        decide("achieved", "approve", List.of(), "a", "approve", "b", "reject");

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/a").getReputation()).isCloseTo(0.95, within(1e-9));
        assertThat(now.get("t/b").getReputation()).isCloseTo(0.98, within(1e-9));
        assertThat(now.get("t/a").getVotes()).isEqualTo(6);
        assertThat(now.get("t/a").getAgreements()).isEqualTo(1);
    }

    @Test
    void shouldRecordAgentsThatNeverDisagreeAsEachOthersEchoesAfterFortyCovotes() {
        driver.close();
        // Without the early test, which the next test covers.
        start(SynodConfig.defaults().with(Map.of("detector.echo.significance", "0")));
        for (int i = 0; i < 40; i++) {
            String winner = i % 2 == 0 ? "approve" : "reject";
            String loser = i % 2 == 0 ? "reject" : "approve";
            // "d" sides with the three one time in four only: it disagrees with them far too often to echo them.
            decide("achieved", winner, List.of(), "a", winner, "b", winner, "c", winner, "d", i % 4 == 0 ? winner : loser);
            if (i == 38) {
                assertThat(latest().get("t/a").getEchoes()).as("39 co-votes are not enough").isEmpty();
            }
        }

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/a").getEchoes()).containsExactly("b", "c");
        assertThat(now.get("t/c").getEchoes()).containsExactly("a", "b");
        assertThat(now.get("t/d").getEchoes()).isEmpty();
        assertThat(now.get("t/a").getFlagged()).as("echoing is not evidence of manipulation").isFalse();
    }

    @Test
    void shouldRecordAgentsThatNeverDisagreeAsEachOthersEchoesAsSoonAsIndependentVotersWouldHaveDisagreed() {
        // The ballots carry no accuracy (0.5): independent voters agree half the time, so fourteen
        // agreements running happen once in 16,000, below the default 1e-4; thirteen once in 8,000.
        for (int i = 0; i < 14; i++) {
            String winner = i % 2 == 0 ? "approve" : "reject";
            decide("achieved", winner, List.of(), "a", winner, "b", winner);
            if (i == 12) {
                assertThat(latest().get("t/a").getEchoes()).as("13 co-votes are not enough").isEmpty();
            }
        }

        assertThat(latest().get("t/a").getEchoes()).containsExactly("b");
        decide("achieved", "approve", List.of(), "a", "approve", "b", "reject");
        assertThat(latest().get("t/a").getEchoes()).as("the first disagreement ends it").isEmpty();
    }

    @Test
    void shouldKeepReputationWithinZeroAndOne() {
        for (int i = 0; i < 60; i++) {
            decide("achieved", "approve", List.of(), "liar", "reject", "honest", "approve");
        }
        Map<String, Reputation> now = latest();
        assertThat(now.get("t/liar").getReputation()).isZero();
        assertThat(now.get("t/honest").getReputation()).isEqualTo(1.0);
    }

    @Test
    void shouldNotChangeReputationForAProposalWithoutAWinner() {
        decide("deadlock", null, List.of(), "a", "approve", "b", "reject");

        assertThat(reputation.isEmpty()).isTrue();
    }

    @Test
    void shouldLowerIntegrityNotAccuracyForAFlaggedAgent() {
        decide("achieved", "approve", List.of("sybil"), "sybil", "reject", "b", "approve");

        Reputation sybil = latest().get("t/sybil");
        assertThat(sybil.getFlags()).isEqualTo(1);
        assertThat(sybil.getIntegrity()).isCloseTo(0.85, within(1e-9));
        assertThat(sybil.getVotes()).isZero();
    }

    @Test
    void shouldLearnFromAGroundTruthOutcomeAfterTheDecision() {
        String id = decide("achieved", "approve", List.of(), "a", "approve", "b", "reject");
        reputation.readValuesToList();

        outcomes.pipeInput("t/" + id, Outcome.newBuilder().setTenant("t").setProposalId(id).setTruth("reject")
                .setObservedAtMs(9_000L).build(), 9_000L);

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/a").getCause()).isEqualTo("outcome");
        assertThat(now.get("t/a").getAgreements()).isEqualTo(1);
        assertThat(now.get("t/a").getVotes()).isEqualTo(2);
        assertThat(now.get("t/b").getAgreements()).isEqualTo(1);
    }

    @Test
    void shouldCountWhereTheCountedMajorityMissedTheTruthOnExcludedBallotsOnly() {
        driver.close();
        start(SynodConfig.defaults(), BayesianReputationPolicy.from(SynodConfig.defaults()));
        // The counted majority (a, b) chose approve and missed; x and y were excluded and voted reject and approve.
        String id = decide("achieved", "reject", List.of("x", "y"), "a", "approve", "b", "approve", "c", "reject", "x", "reject",
                "y", "approve");
        outcomes.pipeInput("t/" + id, Outcome.newBuilder().setTenant("t").setProposalId(id).setTruth("reject")
                .setObservedAtMs(9_000L).build(), 9_000L);
        // A tie among the counted votes has no majority to miss.
        String tie = decide("achieved", "approve", List.of("x"), "a", "approve", "c", "reject", "x", "reject");
        outcomes.pipeInput("t/" + tie, Outcome.newBuilder().setTenant("t").setProposalId(tie).setTruth("reject")
                .setObservedAtMs(9_500L).build(), 9_500L);

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/x").getProfile().getMissedOutcomes()).isEqualTo(1);
        assertThat(now.get("t/x").getProfile().getMissedRight()).isEqualTo(1);
        assertThat(now.get("t/y").getProfile().getMissedOutcomes()).isEqualTo(1);
        assertThat(now.get("t/y").getProfile().getMissedRight()).isZero();
        assertThat(now.get("t/a").getProfile().getMissedOutcomes()).as("a counted ballot swayed its own majority").isZero();
    }

    @Test
    void shouldReinstateAContrarianWhoseExcludedVotesGoWithTheCrowdOnceTheDecisionsItOpposedAreNoLongerSwayed() {
        driver.close();
        start(SynodConfig.defaults(), BayesianReputationPolicy.from(SynodConfig.defaults()));
        // x opposes 40 decisions that a, b and c (a bloc not yet caught) carry: a contrarian by the decisions.
        for (int i = 0; i < 40; i++) {
            decide("achieved", "approve", List.of(), "a", "approve", "b", "approve", "c", "approve", "x", "reject");
        }
        assertThat(latest().get("t/x").getFlagReason()).isEqualTo("contrarian");
        // Quarantined, x goes with the clear plurality of the counted votes on 20 decisions running.
        for (int i = 0; i < 20; i++) {
            decide("achieved", "reject", List.of("x"), "d", "reject", "e", "reject", "f", "approve", "g", "reject", "x", "reject");
        }

        Reputation x = latest().get("t/x");
        assertThat(x.getFlagged()).isFalse();
        assertThat(x.getCause()).isEqualTo("reinstated");
        assertThat(x.getProfile().getQuarantinedVotes()).isEqualTo(20);

        // Two decisions whose rounds the detector scored before it saw the reinstatement: x's ballots still carry
        // the quarantine's mark, and are excluded for it.
        for (int i = 0; i < 2; i++) {
            String id = "p" + (++proposals);
            List<Ballot> ballots = List.of(
                    Ballot.newBuilder().setAgentId("d").setChoice("reject").setConfidence(1.0).setWeight(1.0).setSuspicion(0.0)
                            .setCastAtMs(proposals * 1_000L).build(),
                    Ballot.newBuilder().setAgentId("x").setChoice("reject").setConfidence(1.0).setWeight(0.0).setSuspicion(1.0)
                            .setReasons(List.of(QuarantineReasons.onBallot("contrarian"))).setCastAtMs(proposals * 1_000L).build());
            decisions.pipeInput("t/" + id, Decision.newBuilder().setEventId(id).setTenant("t").setProposalId(id).setStatus("achieved")
                    .setDecision("reject").setSupport(1.0).setRound(1).setMode("weighted").setParticipants(2)
                    .setDistribution(Map.of()).setFlagged(List.of("x")).setBallots(ballots).setThreshold(0.67)
                    .setProposedAtMs(0L).setDecidedAtMs(proposals * 1_000L).build(), proposals * 1_000L);
        }
        assertThat(latest().get("t/x").getFlagged()).as("the old quarantine's consequences are no new evidence").isFalse();
    }

    @Test
    void shouldCountHowOftenAnExcludedVoterSidedWithAClearCountedPluralityOnReachedDecisions() {
        driver.close();
        start(SynodConfig.defaults(), BayesianReputationPolicy.from(SynodConfig.defaults()));
        // The counted plurality (a, b, d) is approve, two votes ahead: x sides with it, y does not.
        decide("achieved", "approve", List.of("x", "y"), "a", "approve", "b", "approve", "c", "reject", "d", "approve",
                "x", "approve", "y", "reject");
        // A plurality one vote ahead is no clear plurality (one voter more or fewer overturns it), nor is
        // a tie; an escalated round is not a decision.
        decide("achieved", "approve", List.of("x"), "a", "approve", "b", "approve", "c", "reject", "x", "approve");
        decide("achieved", "approve", List.of("x"), "a", "approve", "c", "reject", "x", "approve");
        decide("escalated", null, List.of("y"), "a", "approve", "b", "approve", "y", "approve");

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/x").getProfile().getExcludedVotes()).isEqualTo(1);
        assertThat(now.get("t/x").getProfile().getExcludedWithMajority()).isEqualTo(1);
        assertThat(now.get("t/y").getProfile().getExcludedVotes()).isEqualTo(1);
        assertThat(now.get("t/y").getProfile().getExcludedWithMajority()).isZero();
        assertThat(now.get("t/x").getFlags()).as("every exclusion still flags").isEqualTo(3);
        assertThat(now.get("t/y").getFlags()).isEqualTo(2);
    }

    @Test
    void shouldLearnFromAGroundTruthOutcomeThatArrivesBeforeItsDecision() {
        String id = "p" + (proposals + 1);
        outcomes.pipeInput("t/" + id, Outcome.newBuilder().setTenant("t").setProposalId(id).setTruth("reject")
                .setObservedAtMs(500L).build(), 500L);
        assertThat(reputation.isEmpty()).isTrue();

        decide("achieved", "approve", List.of(), "a", "approve", "b", "reject");

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/a").getCause()).isEqualTo("outcome");
        assertThat(now.get("t/a").getVotes()).isEqualTo(2);
        assertThat(now.get("t/b").getAgreements()).isEqualTo(1);
        assertThat(driver.getKeyValueStore(OutcomeRelease.PENDING_STORE).get("t/" + id)).isNull();
    }

    @Test
    void shouldLearnFromTheLatestOfTwoEarlyOutcomesAndRefuseTheOneItReplaced() {
        String id = "p" + (proposals + 1);
        outcomes.pipeInput("t/" + id, Outcome.newBuilder(outcome(id, 500L)).setTruth("approve").build(), 500L);
        outcomes.pipeInput("t/" + id, outcome(id, 600L), 600L);
        assertThat(rejected.readValuesToList()).extracting(Rejection::getReason).containsExactly("duplicate");

        decide("achieved", "approve", List.of(), "a", "approve", "b", "reject");

        Map<String, Reputation> now = latest();
        assertThat(now.get("t/b").getCause()).isEqualTo("outcome");
        assertThat(now.get("t/b").getAgreements()).isEqualTo(1);
    }

    @Test
    void shouldRejectAnEarlyOutcomeWhenItsProposalEndsWithoutADecision() {
        String id = "p" + (proposals + 1);
        outcomes.pipeInput("t/" + id, outcome(id, 500L), 500L);

        decide("expired", null, List.of(), "a", "approve");

        assertThat(reputation.isEmpty()).isTrue();
        assertThat(rejected.readValuesToList()).extracting(Rejection::getReason, Rejection::getProposalId).containsExactly(tuple("no_decision", id));
        assertThat(driver.getKeyValueStore(OutcomeRelease.PENDING_STORE).get("t/" + id)).isNull();
    }

    @Test
    void shouldRejectAnOutcomeThatComesAfterItsProposalEndedWithoutADecision() {
        String id = decide("deadlock", null, List.of(), "a", "approve", "b", "reject");

        outcomes.pipeInput("t/" + id, outcome(id, 9_000L), 9_000L);

        assertThat(reputation.isEmpty()).isTrue();
        assertThat(rejected.readValuesToList()).extracting(Rejection::getReason).containsExactly("no_decision");
    }

    @Test
    void shouldRejectAnOutcomeWhoseProposalGetsNoDecisionWithinTheWait() {
        long week = SynodConfig.defaults().getLong("reputation.outcome.wait.ms");
        outcomes.pipeInput("t/never", outcome("never", 500L), 500L);
        decide("achieved", "approve", List.of(), "a", "approve");
        assertThat(rejected.isEmpty()).isTrue();

        // Event time moves on past the wait with another proposal's outcome.
        String later = decide("achieved", "approve", List.of(), "a", "approve");
        outcomes.pipeInput("t/" + later, outcome(later, 501L + week), 501L + week);

        assertThat(rejected.readValuesToList()).extracting(Rejection::getReason, Rejection::getProposalId).containsExactly(tuple("no_decision", "never"));
        assertThat(driver.getKeyValueStore(OutcomeRelease.PENDING_STORE).get("t/never")).isNull();
    }

    @Test
    void shouldForgetADecisionAfterTheRetentionSoALaterOutcomeWaitsInsteadOfCounting() {
        long retention = 60_000L;
        driver.close();
        start(SynodConfig.defaults().with("consensus.ended.retention.ms", String.valueOf(retention)));
        String first = decide("achieved", "approve", List.of(), "a", "approve");
        String second = decide("achieved", "approve", List.of(), "b", "approve");
        reputation.readValuesToList();

        outcomes.pipeInput("t/" + second, outcome(second, 1_500L + retention), 1_500L + retention);
        assertThat(latest()).containsOnlyKeys("t/b");
        outcomes.pipeInput("t/" + first, outcome(first, 1_501L + retention), 1_501L + retention);

        assertThat(reputation.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(EvidenceCollector.DECIDED_STORE).get("t/" + first)).isNull();
        assertThat(driver.getKeyValueStore(EvidenceCollector.DECIDED_STORE).get("t/" + second)).isNotNull();
        assertThat(driver.getKeyValueStore(OutcomeRelease.PENDING_STORE).get("t/" + first)).isNotNull();
    }

    private static Outcome outcome(String proposal, long atMs) {
        return Outcome.newBuilder().setTenant("t").setProposalId(proposal).setTruth("reject").setObservedAtMs(atMs).build();
    }

    @Test
    void shouldQuarantineAGroupThatSitsTogetherOnLosingOptionsAcrossProposals() {
        for (int p = 0; p < 40; p++) {
            List<String> votes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                votes.addAll(List.of("bloc" + i, "reject"));
            }
            for (int i = 0; i < 6; i++) {
                votes.addAll(List.of("honest" + i, (p + i) % 5 == 0 ? "reject" : "approve"));
            }
            decide("achieved", "approve", List.of(), votes.toArray(String[]::new));
        }

        Map<String, Reputation> now = latest();
        for (int i = 0; i < 5; i++) {
            assertThat(now.get("t/bloc" + i).getFlags()).as("bloc%d", i).isPositive();
        }
        for (int i = 0; i < 6; i++) {
            assertThat(now.get("t/honest" + i).getFlags()).as("honest%d", i).isZero();
        }
    }
}
