package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.NetworkHealth;
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

class NetworkHealthGuardTest {
    private final Topics topics = Topics.local();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Decision> decisions;
    private TestOutputTopic<String, NetworkHealth> alerts;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        SynodConfig config = SynodConfig.defaults();
        driver = new TopologyTestDriver(ReputationTopology.build(topics, BayesianReputationPolicy.from(config), CollusionCheck.from(config),
                new ReputationTopology.HealthSettings(0.3, 10), StoreKinds.IN_MEMORY), props);
        decisions = driver.createInputTopic(Topics.DECISIONS, topics.decisions.keySerde().serializer(), topics.decisions.valueSerde().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, topics.alerts.keySerde().deserializer(), topics.alerts.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void decide(String id, int excluded, long atMs) {
        List<Ballot> ballots = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean out = i < excluded;
            ballots.add(Ballot.newBuilder().setAgentId("a" + i).setChoice(i % 3 == 0 ? "reject" : "approve").setConfidence(1.0)
                    .setWeight(out ? 0.0 : 1.0).setSuspicion(out ? 1.0 : 0.0).setCastAtMs(atMs).build());
            if (out) {
                flagged.add("a" + i);
            }
        }
        decisions.pipeInput("t/" + id, Decision.newBuilder().setEventId(id).setTenant("t").setProposalId(id).setStatus("achieved")
                .setDecision("approve").setSupport(0.9).setRound(1).setMode("weighted").setParticipants(10 - excluded)
                .setDistribution(Map.of("approve", 0.9, "reject", 0.1)).setFlagged(flagged).setBallots(ballots).setThreshold(0.67)
                .setProposedAtMs(atMs).setDecidedAtMs(atMs).build(), atMs);
    }

    @Test
    void shouldAlertOperatorsWhenMoreThanThirtyPercentOfTheNetworkIsQuarantined() {
        decide("p1", 4, 1_000L);
        assertThat(alerts.isEmpty()).as("one exclusion does not quarantine").isTrue();

        decide("p2", 4, 2_000L);

        NetworkHealth alert = alerts.readValue();
        assertThat(alert.getAlert()).isTrue();
        assertThat(alert.getAgents()).isEqualTo(10);
        assertThat(alert.getFlagged()).isEqualTo(4);
        assertThat(alert.getFlaggedShare()).isEqualTo(0.4);
    }

    @Test
    void shouldLiftQuarantineWhenAnOperatorResetsTheAgents() {
        decide("p1", 4, 1_000L);
        decide("p2", 4, 2_000L);
        assertThat(alerts.readValue().getAlert()).isTrue();
        TestInputTopic<String, io.synod.schemas.ReputationReset> resets = driver.createInputTopic(Topics.RESETS,
                topics.resets.keySerde().serializer(), topics.resets.valueSerde().serializer());

        for (int i = 0; i < 4; i++) {
            resets.pipeInput("t/a" + i, io.synod.schemas.ReputationReset.newBuilder().setTenant("t").setAgentId("a" + i)
                    .setOperator("ops").setRequestedAtMs(3_000L).build(), 3_000L);
        }

        NetworkHealth recovered = alerts.readValue();
        assertThat(recovered.getAlert()).isFalse();
        assertThat(recovered.getFlagged()).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldStayQuietWhileTheQuarantinedShareIsBelowTheThreshold() {
        decide("p1", 2, 1_000L);
        decide("p2", 2, 2_000L);
        decide("p3", 2, 3_000L);

        assertThat(alerts.isEmpty()).isTrue();
    }
}
