package io.synod.detector.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.JustificationQuality;
import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.time.Duration;
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

class JustificationQualityTopologyTest {
    /** A deterministic stand-in for the model: texts sharing their first word point the same way. */
    private static final class FirstWordEncoder implements SentenceEncoder {
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public List<float[]> embed(List<String> texts) {
            batchSizes.add(texts.size());
            List<float[]> out = new ArrayList<>();
            for (String text : texts) {
                float[] v = new float[8];
                v[Math.floorMod(text.split(" ")[0].hashCode(), 8)] = 1f;
                out.add(v);
            }
            return out;
        }
    }

    private final Topics topics = Topics.local();
    private final FirstWordEncoder encoder = new FirstWordEncoder();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ScoredVote> scored;
    private TestInputTopic<String, RoundOpened> rounds;
    private TestOutputTopic<String, JustificationQuality> quality;

    @BeforeEach
    void setUp() {
        SynodConfig config = SynodConfig.defaults().with(Map.of("detector.embeddings.batch.size", "2", "detector.embeddings.agent.warmup", "3",
                "detector.embeddings.agent.interval.ms", "60000"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quality-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        driver = new TopologyTestDriver(JustificationQualityTopology.build(topics, config, encoder, StoreKinds.IN_MEMORY), props);
        scored = driver.createInputTopic(Topics.VOTES_SCORED, topics.votesScored.keySerde().serializer(), topics.votesScored.valueSerde().serializer());
        rounds = driver.createInputTopic(Topics.ROUNDS, topics.rounds.keySerde().serializer(), topics.rounds.valueSerde().serializer());
        quality = driver.createOutputTopic(Topics.JUSTIFICATION_QUALITY, topics.justificationQuality.keySerde().deserializer(),
                topics.justificationQuality.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void givenProposal(String id, String text) {
        rounds.pipeInput("t/" + id, RoundOpened.newBuilder().setTenant("t").setProposalId(id).setRound(1).setText(text)
                .setOptions(List.of("approve", "reject")).setEligible(List.of("a1")).setPolicy(Policy.newBuilder().build())
                .setOpenedAtMs(0L).setDeadlineMs(30_000L).build(), 0L);
    }

    private void whenAgentVotes(String proposal, String justification, long atMs) {
        Vote vote = Vote.newBuilder().setEventId(proposal + "-a1").setTenant("t").setProposalId(proposal).setAgentId("a1").setRound(1)
                .setChoice("approve").setConfidence(0.8).setJustification(justification).setCastAtMs(atMs).build();
        scored.pipeInput("t/" + proposal, ScoredVote.newBuilder().setVote(vote).setSuspicion(0.0).setScoredAtMs(atMs).build(), atMs);
    }

    @Test
    void shouldEmbedInBatchesAndMeasureRelevanceToTheProposal() {
        givenProposal("p1", "bicycle lane on Main Street?");
        givenProposal("p2", "budget for the library?");

        whenAgentVotes("p1", "bicycle lanes make cycling safer", 1_000);
        whenAgentVotes("p2", "pizza is tasty", 2_000);

        List<JustificationQuality> out = quality.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getRelevance()).isEqualTo(1.0);
        assertThat(out.get(1).getRelevance()).isEqualTo(0.0);
        assertThat(encoder.batchSizes).containsExactly(4);
    }

    @Test
    void shouldFindAJustificationPastedFromTheAgentsOwnEarlierVoteOnAnotherProposal() {
        givenProposal("p1", "x");
        givenProposal("p2", "y");

        whenAgentVotes("p1", "boilerplate reasons here", 1_000);
        whenAgentVotes("p2", "boilerplate reasons again", 2_000);

        List<JustificationQuality> out = quality.readValuesToList();
        assertThat(out.get(1).getSelfSimilarity()).isEqualTo(1.0);
    }

    @Test
    void shouldSampleAnAgentOncePerIntervalAfterItsWarmup() {
        for (int i = 1; i <= 6; i++) {
            givenProposal("p" + i, "text " + i);
            whenAgentVotes("p" + i, "reason " + i, i * 1_000L);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(quality.readValuesToList()).as("three warm-up samples, then none within the minute").hasSize(3);
    }
}
