package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
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
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FusedVotePathTest {
    private static final List<String> AGENTS = List.of("a1", "a2", "a3");
    private final Topics topics = Topics.local();
    private final SynodConfig config = SynodConfig.defaults().with(Map.of("detector.embeddings.enabled", "false"));
    private TopologyTestDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private Map<String, Topology> topologiesFor(String apps, boolean fused) {
        return SynodTopologies.forNode(config.with(Map.of("streams.fused.vote.path", String.valueOf(fused))), topics,
                StoreKinds.IN_MEMORY, NodeApps.parse(apps));
    }

    @Test
    void shouldRunDetectorAndCoordinatorAsOneAppWhenTheNodeRunsBoth() {
        assertThat(topologiesFor("detector,coordinator,reputation", true).keySet())
                .containsExactly(FusedVotePath.APP, SynodTopologies.REPUTATION);
        assertThat(topologiesFor("detector,coordinator,reputation", false).keySet())
                .containsExactly(SynodTopologies.DETECTOR, SynodTopologies.COORDINATOR, SynodTopologies.REPUTATION);
        assertThat(topologiesFor("coordinator", true).keySet()).containsExactly(SynodTopologies.COORDINATOR);
        assertThat(topologiesFor("detector,reputation", true).keySet()).containsExactly(SynodTopologies.DETECTOR, SynodTopologies.REPUTATION);
    }

    @Test
    void shouldNotReadScoredVotesBackFromTheirTopicWhenFused() {
        TopologyDescription description = topologiesFor("detector,coordinator", true).get(FusedVotePath.APP).describe();
        List<String> sourceTopics = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Source)
                .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream()).toList();
        assertThat(sourceTopics).contains(Topics.VOTES, Topics.PROPOSALS).doesNotContain(Topics.VOTES_SCORED);
    }

    @Test
    void shouldDecideFromRawVotesInOneTaskAndStillPublishTheScoredVotes() {
        // Given the fused app, three registered agents and an open proposal
        driver = new TopologyTestDriver(topologiesFor("detector,coordinator", true).get(FusedVotePath.APP), props());
        TestInputTopic<String, AgentRegistration> registry = driver.createInputTopic(Topics.REGISTRY,
                topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer());
        TestInputTopic<String, Proposal> proposals = driver.createInputTopic(Topics.PROPOSALS,
                topics.proposals.keySerde().serializer(), topics.proposals.valueSerde().serializer());
        TestInputTopic<String, Vote> votes = driver.createInputTopic(Topics.VOTES, topics.votes.keySerde().serializer(),
                topics.votes.valueSerde().serializer());
        TestOutputTopic<String, RoundOpened> rounds = driver.createOutputTopic(Topics.ROUNDS, topics.rounds.keySerde().deserializer(),
                topics.rounds.valueSerde().deserializer());
        TestOutputTopic<String, ScoredVote> scored = driver.createOutputTopic(Topics.VOTES_SCORED,
                topics.votesScored.keySerde().deserializer(), topics.votesScored.valueSerde().deserializer());
        TestOutputTopic<String, Decision> achieved = driver.createOutputTopic(Topics.ACHIEVED,
                topics.achieved.keySerde().deserializer(), topics.achieved.valueSerde().deserializer());
        for (String agent : AGENTS) {
            registry.pipeInput("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent).setUpdatedAtMs(0L).build(), 0L);
        }
        proposals.pipeInput("t/p1", Proposal.newBuilder().setEventId("e-p1").setTenant("t").setProposalId("p1").setText("Ship it?")
                .setOptions(List.of("approve", "reject")).setParticipants(AGENTS)
                .setPolicy(Policy.newBuilder().setMode("simple_majority").build()).setProposedAtMs(1_000L).build(), 1_000L);
        assertThat(rounds.readValuesToList()).as("the round opens through the quota gate").hasSize(1);

        // When the three agents vote on the raw votes topic, and nothing is piped into the scored-votes topic
        for (String agent : AGENTS) {
            votes.pipeInput("t/p1", Vote.newBuilder().setEventId("v-" + agent).setTenant("t").setProposalId("p1").setAgentId(agent)
                    .setRound(1).setChoice(agent.equals("a3") ? "reject" : "approve").setConfidence(0.8)
                    .setJustification("The rollout plan covers the migration and its rollback.").setCastAtMs(1_500L).build(), 1_500L);
        }

        // Then the decision comes out of the same topology, and every scored vote is still published
        List<Decision> decisions = achieved.readValuesToList();
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).getDecision()).isEqualTo("approve");
        assertThat(decisions.get(0).getParticipants()).isEqualTo(3);
        assertThat(scored.readValuesToList()).extracting(v -> v.getVote().getAgentId()).containsExactly("a1", "a2", "a3");
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fused-vote-path-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        return props;
    }

    @Test
    void shouldAskForACommitEachPaceWhileVotesDoNotQueueAndNotWhileTheyDo() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        FusedVotePath.Tee tee = new FusedVotePath.Tee(new FusedVotePath.Pacers(new CommitPacer.Settings(20, 20)));
        tee.init(context);
        MockProcessorContext.CapturedPunctuator pace = context.scheduledPunctuators().get(0);
        assertThat(pace.getInterval()).as("a quarter of the pace, so a late punctuation does not skip a pace").hasMillis(5);

        long now = System.currentTimeMillis();
        tee.process(new Record<>("t/p1", "vote", now - 5));
        pace.getPunctuator().punctuate(now);
        assertThat(context.committed()).as("fresh votes").isTrue();
        assertThat(context.forwarded()).hasSize(1);

        context.resetCommit();
        tee.process(new Record<>("t/p2", "vote", System.currentTimeMillis() - 3_000));
        tee.process(new Record<>("t/p3", "vote", System.currentTimeMillis() - 2_000));
        pace.getPunctuator().punctuate(now + 20);
        assertThat(context.committed()).as("every vote of the interval queued").isFalse();
    }

    @Test
    void shouldCommitWithinAQuarterPaceAfterTheLastCommitWhenAPunctuationRanLate() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        FusedVotePath.Tee tee = new FusedVotePath.Tee(new FusedVotePath.Pacers(new CommitPacer.Settings(20, 20)));
        tee.init(context);
        MockProcessorContext.CapturedPunctuator check = context.scheduledPunctuators().get(0);
        long now = System.currentTimeMillis();
        tee.process(new Record<>("t/p1", "vote", now - 5));
        // Due at now, run 3 ms late: the thread commits then.
        check.getPunctuator().punctuate(now + 3);
        assertThat(context.committed()).isTrue();

        context.resetCommit();
        tee.process(new Record<>("t/p2", "vote", System.currentTimeMillis() - 5));
        check.getPunctuator().punctuate(now + 20);
        assertThat(context.committed()).as("17 ms after the last commit: the pace is not over").isFalse();
        check.getPunctuator().punctuate(now + 25);
        assertThat(context.committed()).as("the next check, 22 ms after it").isTrue();
    }

    /** Two tasks of one stream thread (this test's), each with its tee, sharing the app's pacers. */
    private static final class TwoTasks {
        final MockProcessorContext<Object, Object> first = new MockProcessorContext<>();
        final MockProcessorContext<Object, Object> second = new MockProcessorContext<>();
        final FusedVotePath.Tee secondTee;

        TwoTasks() {
            FusedVotePath.Pacers pacers = new FusedVotePath.Pacers(new CommitPacer.Settings(20, 20));
            new FusedVotePath.Tee(pacers).init(first);
            secondTee = new FusedVotePath.Tee(pacers);
            secondTee.init(second);
        }
    }

    @Test
    void shouldHaveEveryTaskOfAThreadAskTogetherForTheCommitItsThreadDecidedOnOnceAnInterval() {
        TwoTasks tasks = new TwoTasks();

        long now = System.currentTimeMillis();
        tasks.secondTee.process(new Record<>("t/p1", "vote", now - 5));
        tasks.first.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
        // Kafka Streams commits only for a task that asked and has processed something since its last commit.
        assertThat(tasks.first.committed()).isTrue();
        assertThat(tasks.second.committed()).as("asked for by the first task's punctuation").isTrue();

        tasks.second.resetCommit();
        tasks.second.scheduledPunctuators().get(0).getPunctuator().punctuate(now + 4);
        assertThat(tasks.second.committed()).as("one commit an interval for the whole thread").isFalse();

        tasks.first.resetCommit();
        tasks.secondTee.process(new Record<>("t/p2", "vote", System.currentTimeMillis() - 3_000));
        tasks.first.scheduledPunctuators().get(0).getPunctuator().punctuate(now + 20);
        assertThat(tasks.first.committed()).as("the thread's votes queued, though none of them were this task's").isFalse();
        assertThat(tasks.second.committed()).isFalse();
    }

    @Test
    void shouldStopAskingForATaskOnceItIsClosed() {
        TwoTasks tasks = new TwoTasks();

        tasks.secondTee.close();
        tasks.first.scheduledPunctuators().get(0).getPunctuator().punctuate(System.currentTimeMillis());

        assertThat(tasks.first.committed()).isTrue();
        assertThat(tasks.second.committed()).isFalse();
    }

    @Test
    void shouldScheduleNoPacingWhenItIsOff() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        new FusedVotePath.Tee(new FusedVotePath.Pacers(CommitPacer.Settings.OFF)).init(context);

        assertThat(context.scheduledPunctuators()).isEmpty();
    }
}
