package io.synod.coordinator;

import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.TenantQuota;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Drives the coordinator topology in tests, with event time and wall-clock time under control. */
final class CoordinatorFixture implements AutoCloseable {
    final Topics topics = Topics.local();
    final TopologyTestDriver driver;
    final TestInputTopic<String, Proposal> proposals;
    final TestInputTopic<String, ScoredVote> votes;
    final TestInputTopic<String, Arbitration> arbitrations;
    final TestInputTopic<String, Reputation> reputation;
    final TestInputTopic<String, AgentRegistration> registry;
    final TestInputTopic<String, TenantQuota> quotas;
    final TestOutputTopic<String, RoundOpened> rounds;
    final TestOutputTopic<String, Decision> decisions;
    final TestOutputTopic<String, Decision> achieved;
    final TestOutputTopic<String, Decision> failed;
    final TestOutputTopic<String, Decision> escalated;
    final TestOutputTopic<String, Decision> halted;
    final TestOutputTopic<String, Rejection> rejected;
    private long wallClockMs = 0;

    CoordinatorFixture() {
        this(SynodConfig.defaults());
    }

    CoordinatorFixture(SynodConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coordinator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        driver = new TopologyTestDriver(CoordinatorTopology.build(topics, CoordinatorConfig.from(config),
                DecisionModel.reputationTimesConfidence(), StoreKinds.IN_MEMORY), props, Instant.ofEpochMilli(0));
        proposals = driver.createInputTopic(Topics.PROPOSALS, topics.proposals.keySerde().serializer(), topics.proposals.valueSerde().serializer());
        votes = driver.createInputTopic(Topics.VOTES_SCORED, topics.votesScored.keySerde().serializer(), topics.votesScored.valueSerde().serializer());
        arbitrations = driver.createInputTopic(Topics.ARBITRATIONS, topics.arbitrations.keySerde().serializer(), topics.arbitrations.valueSerde().serializer());
        reputation = driver.createInputTopic(Topics.REPUTATION, topics.reputation.keySerde().serializer(), topics.reputation.valueSerde().serializer());
        registry = driver.createInputTopic(Topics.REGISTRY, topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer());
        quotas = driver.createInputTopic(Topics.TENANT_QUOTAS, topics.tenantQuotas.keySerde().serializer(), topics.tenantQuotas.valueSerde().serializer());
        rounds = driver.createOutputTopic(Topics.ROUNDS, topics.rounds.keySerde().deserializer(), topics.rounds.valueSerde().deserializer());
        decisions = output(Topics.DECISIONS);
        achieved = output(Topics.ACHIEVED);
        failed = output(Topics.FAILED);
        escalated = output(Topics.ESCALATED);
        halted = output(Topics.HALTED);
        rejected = driver.createOutputTopic(Topics.REJECTED, topics.rejected.keySerde().deserializer(), topics.rejected.valueSerde().deserializer());
    }

    private TestOutputTopic<String, Decision> output(String name) {
        return driver.createOutputTopic(name, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer());
    }

    void givenAgents(String... agents) {
        for (String agent : agents) {
            registry.pipeInput("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent).setUpdatedAtMs(0L).build(), 0L);
        }
    }

    void givenAgent(String agent, boolean active, boolean trusted, long registeredAtMs) {
        registry.pipeInput("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent).setActive(active)
                .setTrusted(trusted).setUpdatedAtMs(registeredAtMs).build(), registeredAtMs);
    }

    void voteWithJustification(String proposal, String agent, int round, String choice, String justification, long atMs) {
        voteWithJustification(proposal, agent, round, choice, justification, List.of(), atMs);
    }

    /** A vote as the detector scored it: no suspicion, but with the detector's reason codes. */
    void voteWithJustification(String proposal, String agent, int round, String choice, String justification, List<String> reasons, long atMs) {
        Vote vote = Vote.newBuilder().setEventId("v-" + proposal + agent + round).setTenant("t").setProposalId(proposal)
                .setAgentId(agent).setRound(round).setChoice(choice).setConfidence(1.0)
                .setJustification(justification).setCastAtMs(atMs).build();
        votes.pipeInput("t/" + proposal, ScoredVote.newBuilder().setVote(vote).setSuspicion(0.0)
                .setReasons(reasons).setScoredAtMs(atMs).build(), atMs);
    }

    void proposeWithOptions(String id, List<String> options, List<String> participants, Policy policy, long atMs) {
        proposals.pipeInput("t/" + id, Proposal.newBuilder().setEventId("e-" + id).setTenant("t").setProposalId(id)
                .setText("Which one?").setOptions(options).setParticipants(participants)
                .setPolicy(policy).setProposedAtMs(atMs).build(), atMs);
    }

    void givenReputation(String agent, double value) {
        reputation.pipeInput("t/" + agent, Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(value)
                .setAccuracy(value).setIntegrity(1.0).setVotes(10).setAgreements(5).setCause("test").setUpdatedAtMs(0L).build(), 0L);
    }

    /** An established agent in good standing whose record counts {@code flags} earlier flags. */
    void givenFlaggedBefore(String agent, long flags) {
        reputation.pipeInput("t/" + agent, Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0.9)
                .setAccuracy(0.9).setIntegrity(1.0).setVotes(10).setAgreements(9).setFlags(flags).setCause("flag")
                .setUpdatedAtMs(0L).build(), 0L);
    }

    void givenQuota(String tenant, Integer maxOpenProposals) {
        quotas.pipeInput(tenant, TenantQuota.newBuilder().setTenant(tenant).setMaxOpenProposals(maxOpenProposals).setUpdatedAtMs(0L).build(), 0L);
    }

    void givenQuarantined(String agent, String reason) {
        givenQuarantined(agent, reason, 0.5);
    }

    void givenQuarantined(String agent, String reason, double accuracy) {
        reputation.pipeInput("t/" + agent, Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0.5)
                .setAccuracy(accuracy).setIntegrity(0.0).setVotes(10).setAgreements(5).setCause("flag").setUpdatedAtMs(0L)
                .setFlagged(true).setFlagReason(reason).build(), 0L);
    }

    static Policy.Builder policy() {
        return Policy.newBuilder();
    }

    void propose(String id, List<String> participants, Policy policy, long atMs) {
        proposals.pipeInput("t/" + id, Proposal.newBuilder().setEventId("e-" + id).setTenant("t").setProposalId(id)
                .setText("Is it so?").setOptions(List.of("approve", "reject")).setParticipants(participants)
                .setPolicy(policy).setProposedAtMs(atMs).build(), atMs);
    }

    void vote(String proposal, String agent, int round, String choice, double confidence, long atMs) {
        vote(proposal, agent, round, choice, confidence, 0.0, atMs);
    }

    void vote(String proposal, String agent, int round, String choice, double confidence, double suspicion, long atMs) {
        Vote vote = Vote.newBuilder().setEventId("v-" + proposal + agent + round).setTenant("t").setProposalId(proposal)
                .setAgentId(agent).setRound(round).setChoice(choice).setConfidence(confidence)
                .setJustification(agent + " thinks " + choice).setCastAtMs(atMs).build();
        votes.pipeInput("t/" + proposal, ScoredVote.newBuilder().setVote(vote).setSuspicion(suspicion)
                .setReasons(List.of()).setScoredAtMs(atMs).build(), atMs);
    }

    /** Moves the driver's wall clock, firing the idle-partition punctuator; the clock starts at 0. */
    void advanceWallClockTo(long epochMs) {
        driver.advanceWallClockTime(Duration.ofMillis(epochMs - wallClockMs));
        wallClockMs = epochMs;
    }

    @Override
    public void close() {
        driver.close();
    }
}
