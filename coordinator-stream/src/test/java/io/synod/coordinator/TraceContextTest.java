package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PROPOSAL_TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private final Topics topics = Topics.local();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Proposal> proposals;
    private TestInputTopic<String, ScoredVote> votes;
    private TestOutputTopic<String, RoundOpened> rounds;
    private TestOutputTopic<String, Decision> decisions;

    /** Records each stage it starts and gives it a span id of its own within the parent's trace. */
    private static final class RecordingTracer implements StageTracer {
        final List<String> stages = new CopyOnWriteArrayList<>();

        @Override
        public Stage continueTrace(String name, String parent) {
            if (parent == null) {
                return Stage.of(null);
            }
            stages.add(name + " <- " + parent);
            String spanId = String.format("%016x", stages.size());
            return Stage.of(parent.substring(0, 36) + spanId + "-01");
        }

        @Override
        public Stage startTrace(String name, String parent) {
            return continueTrace(name, parent == null ? "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01" : parent);
        }
    }

    private void start(StageTracer tracer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coordinator-trace-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        if (tracer != null) {
            props.put(StageTracer.CONFIG, tracer);
        }
        driver = new TopologyTestDriver(CoordinatorTopology.build(topics, CoordinatorConfig.from(SynodConfig.defaults()),
                DecisionModel.reputationTimesConfidence(), StoreKinds.IN_MEMORY), props);
        TestInputTopic<String, AgentRegistration> registry = driver.createInputTopic(Topics.REGISTRY,
                topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer());
        for (String agent : List.of("a1", "a2", "a3")) {
            registry.pipeInput("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent).setUpdatedAtMs(0L).build(), 0L);
        }
        proposals = driver.createInputTopic(Topics.PROPOSALS, topics.proposals.keySerde().serializer(), topics.proposals.valueSerde().serializer());
        votes = driver.createInputTopic(Topics.VOTES_SCORED, topics.votesScored.keySerde().serializer(), topics.votesScored.valueSerde().serializer());
        rounds = driver.createOutputTopic(Topics.ROUNDS, topics.rounds.keySerde().deserializer(), topics.rounds.valueSerde().deserializer());
        decisions = driver.createOutputTopic(Topics.DECISIONS, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void propose(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        Proposal proposal = Proposal.newBuilder().setEventId("e-p1").setTenant("t").setProposalId("p1").setText("Is it so?")
                .setOptions(List.of("approve", "reject")).setParticipants(List.of("a1", "a2", "a3")).setProposedAtMs(1_000L).build();
        proposals.pipeInput(new TestRecord<>("t/p1", proposal, headers, 1_000L));
    }

    /** Votes as an agent that does not propagate trace context would send them: no headers. */
    private void vote(String agent, int round, String choice, long atMs) {
        Vote vote = Vote.newBuilder().setEventId("v-" + agent + round).setTenant("t").setProposalId("p1").setAgentId(agent)
                .setRound(round).setChoice(choice).setConfidence(1.0).setJustification(agent + " says " + choice).setCastAtMs(atMs).build();
        votes.pipeInput("t/p1", ScoredVote.newBuilder().setVote(vote).setSuspicion(0.0).setReasons(List.of()).setScoredAtMs(atMs).build(), atMs);
    }

    /** A split first round (2 of 3 is below the 0.67 threshold), then a unanimous second one. */
    private void decideInTwoRounds() {
        vote("a1", 1, "approve", 1_100L);
        vote("a2", 1, "reject", 1_100L);
        vote("a3", 1, "approve", 1_100L);
        vote("a1", 2, "approve", 1_200L);
        vote("a2", 2, "approve", 1_200L);
        vote("a3", 2, "approve", 1_200L);
    }

    private static String traceIdOf(TestRecord<String, ?> record) {
        return TraceHeaders.traceId(TraceHeaders.traceparent(record.headers()));
    }

    @Test
    void shouldCarryTheProposalsTraceIdOnEveryRoundAndOnTheDecision() {
        start(null);

        propose(PROPOSAL_TRACEPARENT);
        decideInTwoRounds();

        List<TestRecord<String, RoundOpened>> opened = rounds.readRecordsToList();
        assertThat(opened).extracting(r -> r.value().getRound()).containsExactly(1, 2);
        assertThat(opened).extracting(TraceContextTest::traceIdOf).containsOnly(TRACE_ID);
        TestRecord<String, Decision> decision = decisions.readRecord();
        assertThat(decision.value().getRound()).isEqualTo(2);
        assertThat(traceIdOf(decision)).isEqualTo(TRACE_ID);
    }

    @Test
    void shouldOpenASpanPerRoundAndOneForTheDecisionAsChildrenOfTheProposal() {
        RecordingTracer tracer = new RecordingTracer();
        start(tracer);

        propose(PROPOSAL_TRACEPARENT);
        decideInTwoRounds();

        assertThat(tracer.stages).containsExactly("coordinator.open_round <- " + PROPOSAL_TRACEPARENT,
                "coordinator.open_round <- " + PROPOSAL_TRACEPARENT, "coordinator.decide <- " + PROPOSAL_TRACEPARENT);
        TestRecord<String, Decision> decision = decisions.readRecord();
        assertThat(TraceHeaders.traceparent(decision.headers())).isEqualTo("00-" + TRACE_ID + "-0000000000000003-01");
    }

    @Test
    void shouldStartATraceForAnUntracedProposalWhenTracingIsOn() {
        RecordingTracer tracer = new RecordingTracer();
        start(tracer);

        propose(null);
        decideInTwoRounds();

        assertThat(rounds.readRecordsToList()).extracting(TraceContextTest::traceIdOf).containsOnly("1".repeat(32));
        assertThat(traceIdOf(decisions.readRecord())).isEqualTo("1".repeat(32));
    }

    @Test
    void shouldAddNoTraceHeaderToAnUntracedProposalsRecordsWhenTracingIsOff() {
        start(null);

        propose(null);
        decideInTwoRounds();

        assertThat(rounds.readRecordsToList()).allSatisfy(r -> assertThat(r.headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull());
        assertThat(decisions.readRecord().headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull();
    }
}
