package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Policy;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VoteTraceContextTest {
    private static final String VOTE_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String SCREEN_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01";

    private final Topics topics = Topics.local();
    private final List<String> stages = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Vote> votes;
    private TestOutputTopic<String, ScoredVote> scored;
    private TestOutputTopic<String, Rejection> rejected;

    private void start(boolean tracing) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-trace-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        if (tracing) {
            props.put(StageTracer.CONFIG, new StageTracer() {
                @Override
                public Stage continueTrace(String name, String parent) {
                    stages.add(name + " <- " + parent);
                    return Stage.of(SCREEN_TRACEPARENT);
                }

                @Override
                public Stage startTrace(String name, String parent) {
                    return continueTrace(name, parent);
                }
            });
        }
        driver = new TopologyTestDriver(DetectorTopology.build(topics, StoreKinds.IN_MEMORY), props);
        votes = driver.createInputTopic(Topics.VOTES, topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
        scored = driver.createOutputTopic(Topics.VOTES_SCORED, topics.votesScored.keySerde().deserializer(), topics.votesScored.valueSerde().deserializer());
        rejected = driver.createOutputTopic(Topics.REJECTED, topics.rejected.keySerde().deserializer(), topics.rejected.valueSerde().deserializer());
        TestInputTopic<String, AgentRegistration> registry = driver.createInputTopic(Topics.REGISTRY,
                topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer());
        registry.pipeInput("t/a1", AgentRegistration.newBuilder().setTenant("t").setAgentId("a1").setUpdatedAtMs(0L).build());
        TestInputTopic<String, RoundOpened> rounds = driver.createInputTopic(Topics.ROUNDS,
                topics.rounds.keySerde().serializer(), topics.rounds.valueSerde().serializer());
        rounds.pipeInput("t/p1", RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(1)
                .setOptions(List.of("approve", "reject")).setEligible(List.of("a1")).setPolicy(Policy.newBuilder().build())
                .setOpenedAtMs(1_000L).setDeadlineMs(31_000L).build(), 1_000L);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void vote(String agent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, VOTE_TRACEPARENT.getBytes(StandardCharsets.US_ASCII));
        Vote vote = Vote.newBuilder().setEventId("v-" + agent).setTenant("t").setProposalId("p1").setAgentId(agent)
                .setRound(1).setChoice("approve").setConfidence(0.9).setCastAtMs(1_500L).build();
        votes.pipeInput(new TestRecord<>("t/p1", vote, headers, 1_500L));
    }

    @Test
    void shouldKeepTheVotesTraceContextOnTheScoredVote() {
        start(false);

        vote("a1");

        assertThat(TraceHeaders.traceparent(scored.readRecord().headers())).isEqualTo(VOTE_TRACEPARENT);
    }

    @Test
    void shouldKeepTheVotesTraceContextOnARejection() {
        start(false);

        vote("stranger");

        assertThat(TraceHeaders.traceparent(rejected.readRecord().headers())).isEqualTo(VOTE_TRACEPARENT);
    }

    @Test
    void shouldForwardTheScreeningSpansContextWhenTracingIsOn() {
        start(true);

        vote("a1");

        assertThat(stages).containsExactly("detector.screen <- " + VOTE_TRACEPARENT);
        assertThat(TraceHeaders.traceparent(scored.readRecord().headers())).isEqualTo(SCREEN_TRACEPARENT);
    }
}
