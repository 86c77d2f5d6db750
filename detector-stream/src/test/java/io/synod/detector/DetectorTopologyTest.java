package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
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

class DetectorTopologyTest {
    private final Topics topics = Topics.local();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Vote> votes;
    private TestInputTopic<String, RoundOpened> rounds;
    private TestInputTopic<String, Decision> decisions;
    private TestInputTopic<String, AgentRegistration> registry;
    private TestOutputTopic<String, ScoredVote> scored;
    private TestOutputTopic<String, Rejection> rejected;

    @BeforeEach
    void setUp() {
        start(DetectorTopology.build(topics, StoreKinds.IN_MEMORY));
    }

    private void start(org.apache.kafka.streams.Topology topology) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        driver = new TopologyTestDriver(topology, props);
        votes = driver.createInputTopic(Topics.VOTES, topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
        rounds = driver.createInputTopic(Topics.ROUNDS, topics.rounds.keySerde().serializer(), topics.rounds.valueSerde().serializer());
        decisions = driver.createInputTopic(Topics.DECISIONS, topics.decisions.keySerde().serializer(), topics.decisions.valueSerde().serializer());
        registry = driver.createInputTopic(Topics.REGISTRY, topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer());
        scored = driver.createOutputTopic(Topics.VOTES_SCORED, topics.votesScored.keySerde().deserializer(), topics.votesScored.valueSerde().deserializer());
        rejected = driver.createOutputTopic(Topics.REJECTED, topics.rejected.keySerde().deserializer(), topics.rejected.valueSerde().deserializer());
        for (String agent : List.of("a1", "a2", "a3")) {
            registry.pipeInput("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent).setUpdatedAtMs(0L).build());
        }
        registry.pipeInput("t/gone", AgentRegistration.newBuilder().setTenant("t").setAgentId("gone").setActive(false).setUpdatedAtMs(0L).build());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void givenRoundOpen(int round, List<String> eligible) {
        rounds.pipeInput("t/p1", RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(round)
                .setOptions(List.of("approve", "reject")).setEligible(eligible).setPolicy(Policy.newBuilder().build())
                .setOpenedAtMs(1_000L).setDeadlineMs(31_000L).build(), 1_000L);
    }

    private static Vote vote(String agent, Integer round, String choice, double confidence) {
        return Vote.newBuilder().setEventId("v-" + agent + "-" + round).setTenant("t").setProposalId("p1").setAgentId(agent)
                .setRound(round).setChoice(choice).setConfidence(confidence).setCastAtMs(1_500L).build();
    }

    private String rejectionReasonOf(Vote vote) {
        scored.readValuesToList();
        votes.pipeInput("t/p1", vote, 1_500L);
        assertThat(scored.isEmpty()).as("vote must not be scored").isTrue();
        return rejected.readValue().getReason();
    }

    @Test
    void shouldScoreEveryVoteOfAnAgentQuarantinedByReputationAsByzantineWithItsReason() {
        TestInputTopic<String, io.synod.schemas.Reputation> reputations = driver.createInputTopic(Topics.REPUTATION,
                topics.reputation.keySerde().serializer(), topics.reputation.valueSerde().serializer());
        reputations.pipeInput("t/a2", io.synod.schemas.Reputation.newBuilder().setTenant("t").setAgentId("a2").setReputation(0.5)
                .setAccuracy(0.5).setIntegrity(0.0).setVotes(40).setAgreements(2).setCause("decision").setUpdatedAtMs(0L)
                .setFlagged(true).setFlagReason("contrarian").build(), 0L);
        givenRoundOpen(1, List.of("a1", "a2", "a3"));

        votes.pipeInput("t/p1", vote("a2", 1, "reject", 0.9), 1_500L);

        ScoredVote out = scored.readValue();
        assertThat(out.getSuspicion()).isEqualTo(1.0);
        assertThat(out.getReasons()).containsExactly("quarantined:contrarian");
    }

    @Test
    void shouldGiveTheSecondOfTwoNearIdenticalJustificationsInARoundAReason() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        String text = "Taking the whole item into account, the examples in the guidelines suggest approve, if I read it correctly.";

        votes.pipeInput("t/p1", Vote.newBuilder(vote("a1", 1, "approve", 0.9)).setJustification(text).build(), 1_500L);
        votes.pipeInput("t/p1", Vote.newBuilder(vote("a2", 1, "approve", 0.9)).setJustification(text).build(), 1_600L);

        List<ScoredVote> out = scored.readValuesToList();
        assertThat(out.get(0).getReasons()).isEmpty();
        assertThat(out.get(1).getReasons()).containsExactly("near_duplicate_justification");
        assertThat(out.get(1).getSuspicion()).isGreaterThan(0.0).isLessThan(0.5);
    }

    @Test
    void shouldForwardAValidVoteWithZeroSuspicion() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));

        votes.pipeInput("t/p1", vote("a1", 1, "approve", 0.9), 1_500L);

        ScoredVote out = scored.readValue();
        assertThat(out.getVote().getAgentId()).isEqualTo("a1");
        assertThat(out.getSuspicion()).isZero();
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldFillAMissingRoundWithTheCurrentRound() {
        givenRoundOpen(2, List.of("a1", "a2", "a3"));

        votes.pipeInput("t/p1", vote("a1", null, "reject", 1.0), 1_500L);

        assertThat(scored.readValue().getVote().getRound()).isEqualTo(2);
    }

    @Test
    void shouldAcceptAnAbstention() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));

        votes.pipeInput("t/p1", vote("a2", 1, "abstain", 1.0), 1_500L);

        assertThat(scored.readValue().getVote().getChoice()).isEqualTo("abstain");
    }

    @Test
    void shouldRejectAVoteForAnUnknownProposal() {
        assertThat(rejectionReasonOf(vote("a1", 1, "approve", 1.0))).isEqualTo("unknown_proposal");
    }

    @Test
    void shouldRejectAVoteForARoundThatIsNotOpenYet() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        assertThat(rejectionReasonOf(vote("a1", 2, "approve", 1.0))).isEqualTo("unknown_round");
    }

    @Test
    void shouldRejectAVoteFromAnUnregisteredOrInactiveAgent() {
        givenRoundOpen(1, List.of("a1", "a2", "a3", "gone"));
        assertThat(rejectionReasonOf(vote("stranger", 1, "approve", 1.0))).isEqualTo("unregistered_agent");
        assertThat(rejectionReasonOf(vote("gone", 1, "approve", 1.0))).isEqualTo("unregistered_agent");
    }

    @Test
    void shouldRejectAVoteFromARegisteredAgentThatIsNotEligible() {
        givenRoundOpen(1, List.of("a1", "a2"));
        assertThat(rejectionReasonOf(vote("a3", 1, "approve", 1.0))).isEqualTo("not_eligible");
    }

    @Test
    void shouldRejectAnOptionThatIsNotOffered() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        assertThat(rejectionReasonOf(vote("a1", 1, "maybe", 1.0))).isEqualTo("option_not_offered");
    }

    @Test
    void shouldRejectConfidenceOutsideZeroToOneIncludingNaN() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        assertThat(rejectionReasonOf(vote("a1", 1, "approve", 1.01))).isEqualTo("confidence_out_of_range");
        assertThat(rejectionReasonOf(vote("a1", 1, "approve", -0.1))).isEqualTo("confidence_out_of_range");
        assertThat(rejectionReasonOf(vote("a1", 1, "approve", Double.NaN))).isEqualTo("confidence_out_of_range");
    }

    @Test
    void shouldRejectASecondVoteInTheSameRoundAndKeepTheFirst() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        votes.pipeInput("t/p1", vote("a1", 1, "approve", 1.0), 1_500L);

        votes.pipeInput("t/p1", Vote.newBuilder(vote("a1", 1, "reject", 1.0)).setEventId("v-a1-second").build(), 1_600L);

        assertThat(scored.readValuesToList()).extracting(s -> s.getVote().getChoice()).containsExactly("approve");
        assertThat(rejected.readValue().getReason()).isEqualTo("duplicate");
    }

    @Test
    void shouldRejectASecondVoteInTheSameRoundWithEveryDetectionMethodOff() {
        driver.close();
        io.synod.config.SynodConfig off = io.synod.config.SynodConfig.defaults();
        for (String method : List.of("calibration", "quality", "reputation", "patterns", "cross")) {
            off = off.with("detector." + method + ".enabled", "false");
        }
        start(DetectorTopology.build(topics, off, StoreKinds.IN_MEMORY));
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        votes.pipeInput("t/p1", vote("a1", 1, "approve", 1.0), 1_500L);

        votes.pipeInput("t/p1", Vote.newBuilder(vote("a1", 1, "reject", 1.0)).setEventId("v-a1-second").build(), 1_600L);

        assertThat(scored.readValuesToList()).extracting(s -> s.getVote().getChoice()).containsExactly("approve");
        assertThat(rejected.readValue().getReason()).isEqualTo("duplicate");
    }

    @Test
    void shouldLetAnAgentVoteAgainInTheNextRound() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        votes.pipeInput("t/p1", vote("a1", 1, "approve", 1.0), 1_500L);
        givenRoundOpen(2, List.of("a1", "a2", "a3"));

        votes.pipeInput("t/p1", vote("a1", 2, "reject", 1.0), 1_600L);

        assertThat(scored.readValuesToList()).hasSize(2);
        assertThat(rejected.isEmpty()).isTrue();
    }

    /** Round 1 of t/p1 opened for a1..a3, then the proposal decided. */
    private void givenProposalDecidedInRoundOne() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        decisions.pipeInput("t/p1", Decision.newBuilder().setEventId("d").setTenant("t").setProposalId("p1")
                .setStatus("achieved").setDecision("approve").setSupport(1.0).setRound(1).setMode("weighted")
                .setParticipants(3).setDistribution(Map.of("approve", 1.0)).setThreshold(0.67)
                .setProposedAtMs(1_000L).setDecidedAtMs(1_400L).build(), 1_400L);
    }

    @Test
    void shouldRejectAVoteAfterTheProposalWasDecided() {
        givenProposalDecidedInRoundOne();

        assertThat(rejectionReasonOf(vote("a1", 1, "approve", 1.0))).isEqualTo("round_closed");
    }

    @Test
    void shouldCallAVoteForAProposalDecidedLongerAgoThanTheRetentionAVoteForAnUnknownProposal() {
        long retention = 60_000L;
        driver.close();
        start(DetectorTopology.build(topics, io.synod.config.SynodConfig.defaults().with("consensus.ended.retention.ms", String.valueOf(retention)),
                StoreKinds.IN_MEMORY));
        givenProposalDecidedInRoundOne();
        long within = 1_400L + retention;
        votes.pipeInput("t/p1", Vote.newBuilder(vote("a1", 1, "approve", 1.0)).setCastAtMs(within).build(), within);
        long after = within + 1;
        votes.pipeInput("t/p1", Vote.newBuilder(vote("a2", 1, "approve", 1.0)).setCastAtMs(after).build(), after);

        assertThat(scored.isEmpty()).isTrue();
        assertThat(rejected.readValuesToList()).extracting(Rejection::getReason).containsExactly("round_closed", "unknown_proposal");
    }

    @Test
    void shouldRememberAnEndedProposalForEverByDefault() {
        givenProposalDecidedInRoundOne();
        long muchLater = 1_400L + 365L * 24 * 3_600_000L;

        votes.pipeInput("t/p1", Vote.newBuilder(vote("a1", 1, "approve", 1.0)).setCastAtMs(muchLater).build(), muchLater);

        assertThat(rejected.readValue().getReason()).isEqualTo("round_closed");
    }

    @Test
    void shouldReportAStrangersVoteAsUnregisteredEvenAfterItsProposalWasDecided() {
        givenProposalDecidedInRoundOne();

        assertThat(rejectionReasonOf(vote("stranger", 1, "approve", 1.0))).isEqualTo("unregistered_agent");
    }

    @Test
    void shouldAcceptAVoteSignedWithTheAgentsRegisteredKeyAndRejectUnsignedOrTamperedOnes() {
        java.security.KeyPair keys = io.synod.events.VoteSignatures.generate();
        registry.pipeInput("t/signer", AgentRegistration.newBuilder().setTenant("t").setAgentId("signer")
                .setPublicKey(io.synod.events.VoteSignatures.encode(keys.getPublic())).setUpdatedAtMs(0L).build());
        givenRoundOpen(1, List.of("a1", "signer"));
        Vote signed = io.synod.events.VoteSignatures.sign(vote("signer", 1, "approve", 0.7), keys.getPrivate());

        assertThat(rejectionReasonOf(vote("signer", 1, "approve", 0.7))).isEqualTo("missing_signature");
        assertThat(rejectionReasonOf(Vote.newBuilder(signed).setEventId("v-other").setChoice("reject").build())).isEqualTo("bad_signature");
        votes.pipeInput("t/p1", signed, 1_500L);

        assertThat(scored.readValue().getVote().getAgentId()).isEqualTo("signer");
    }

    @Test
    void shouldRejectAVoteReplayedUnderAnIdAlreadyUsed() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        votes.pipeInput("t/p1", vote("a1", 1, "approve", 1.0), 1_500L);

        Vote replay = Vote.newBuilder(vote("a2", 1, "approve", 1.0)).setEventId("v-a1-1").build();

        assertThat(rejectionReasonOf(replay)).isEqualTo("replayed_vote");
    }

    @Test
    void shouldRejectAVoteWhoseKeyNamesAnotherTenantsProposal() {
        givenRoundOpen(1, List.of("a1", "a2", "a3"));
        Vote foreign = Vote.newBuilder(vote("a1", 1, "approve", 1.0)).setTenant("other").build();

        votes.pipeInput("t/p1", foreign, 1_500L);

        assertThat(rejected.readValue().getReason()).isEqualTo("key_mismatch");
        assertThat(scored.isEmpty()).isTrue();
    }
}
