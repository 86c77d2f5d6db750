package io.synod.app.replay;

import io.synod.app.runtime.SynodTopologies;
import io.synod.config.SynodConfig;
import io.synod.coordinator.CoordinatorTopology;
import io.synod.detector.DetectorTopology;
import io.synod.reputation.ReputationTopology;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.schemas.Vote;
import io.synod.schemas.internal.ProposalState;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topologies chained in process, without a broker: each output topic of one
 * topology is piped into the topologies that read it, until nothing is left in flight, after
 * every input event. Event time drives the wall clock too, so rounds close exactly as live.
 */
final class TopologyDriverReplay implements AutoCloseable {
    private final Topics topics = Topics.local();
    private final Path stateDir;
    private final TopologyTestDriver detector;
    private final TopologyTestDriver coordinator;
    private final TopologyTestDriver reputation;
    private final List<TopologyTestDriver> drivers;

    private final TestInputTopic<String, Vote> detectorVotes;
    private final TestInputTopic<String, byte[]> detectorRounds;
    private final TestInputTopic<String, byte[]> detectorDecisions;
    private final TestInputTopic<String, Proposal> coordinatorProposals;
    private final TestInputTopic<String, byte[]> coordinatorVotes;
    private final TestInputTopic<String, Arbitration> coordinatorArbitrations;
    // Global stores hold the last value per key of their compacted source topic; replay writes that
    // value directly instead of piping it through the (trivial) global updater, which is most of
    // the per-record cost of the test driver.
    private final KeyValueStore<String, Reputation> coordinatorReputationStore;
    private final KeyValueStore<String, AgentRegistration> coordinatorRegistryStore;
    private final KeyValueStore<String, AgentRegistration> detectorRegistryStore;
    private final KeyValueStore<String, Reputation> detectorReputationStore;
    private final TestInputTopic<String, byte[]> reputationDecisions;
    private final TestInputTopic<String, Outcome> reputationOutcomes;

    // Hops between topologies carry the serialized bytes as they are: decoding and re-encoding
    // every record in flight would double the serde cost without changing a bit.
    private final TestOutputTopic<String, byte[]> scoredOut;
    private final TestOutputTopic<String, Rejection> detectorRejectedOut;
    private final TestOutputTopic<String, byte[]> roundsOut;
    private final TestOutputTopic<String, byte[]> decisionsOut;
    private final TestOutputTopic<String, Rejection> coordinatorRejectedOut;
    private final List<TestOutputTopic<String, byte[]>> decisionsByStatus;
    private final TestOutputTopic<String, Reputation> reputationOut;
    private final TestOutputTopic<String, Rejection> reputationRejectedOut;

    private final ReplayPipeline.ReplayResults results = new ReplayPipeline.ReplayResults();
    private long wallClockMs;

    TopologyDriverReplay(SynodConfig config) throws java.io.IOException {
        stateDir = Files.createTempDirectory("synod-replay-");
        Map<String, Topology> topologies = SynodTopologies.build(config, topics, StoreKinds.IN_MEMORY);
        detector = driver(topologies.get(SynodTopologies.DETECTOR), SynodTopologies.DETECTOR);
        coordinator = driver(topologies.get(SynodTopologies.COORDINATOR), SynodTopologies.COORDINATOR);
        reputation = driver(topologies.get(SynodTopologies.REPUTATION), SynodTopologies.REPUTATION);
        drivers = List.of(detector, coordinator, reputation);

        detectorVotes = input(detector, topics.votes);
        detectorRounds = rawInput(detector, topics.rounds);
        detectorDecisions = rawInput(detector, topics.decisions);
        detectorRegistryStore = detector.getKeyValueStore(DetectorTopology.REGISTRY_STORE);
        detectorReputationStore = detector.getKeyValueStore(DetectorTopology.REPUTATION_STORE);
        coordinatorProposals = input(coordinator, topics.proposals);
        coordinatorVotes = rawInput(coordinator, topics.votesScored);
        coordinatorArbitrations = input(coordinator, topics.arbitrations);
        coordinatorReputationStore = coordinator.getKeyValueStore(CoordinatorTopology.REPUTATION_STORE);
        coordinatorRegistryStore = coordinator.getKeyValueStore(CoordinatorTopology.REGISTRY_STORE);
        reputationDecisions = rawInput(reputation, topics.decisions);
        reputationOutcomes = input(reputation, topics.outcomes);

        scoredOut = rawOutput(detector, topics.votesScored);
        detectorRejectedOut = output(detector, topics.rejected);
        roundsOut = rawOutput(coordinator, topics.rounds);
        decisionsOut = rawOutput(coordinator, topics.decisions);
        coordinatorRejectedOut = output(coordinator, topics.rejected);
        decisionsByStatus = List.of(rawOutput(coordinator, topics.achieved), rawOutput(coordinator, topics.failed),
                rawOutput(coordinator, topics.escalated), rawOutput(coordinator, topics.halted));
        reputationOut = output(reputation, topics.reputation);
        reputationRejectedOut = output(reputation, topics.rejected);
    }

    ReplayPipeline.ReplayResults results() {
        return results;
    }

    void accept(ReplayEvent event) {
        if (!event.isValid()) {
            results.rejected(event.reason());
            return;
        }
        advanceTo(event.tsMs());
        switch (event.type()) {
            case "agent" -> {
                AgentRegistration registration = (AgentRegistration) event.value();
                results.registered(event.key(), registration);
                detectorRegistryStore.put(event.key(), registration);
                coordinatorRegistryStore.put(event.key(), registration);
            }
            case "proposal" -> coordinatorProposals.pipeInput(event.key(), (Proposal) event.value(), event.tsMs());
            case "vote" -> detectorVotes.pipeInput(event.key(), (Vote) event.value(), event.tsMs());
            case "outcome" -> reputationOutcomes.pipeInput(event.key(), (Outcome) event.value(), event.tsMs());
            case "arbitration" -> coordinatorArbitrations.pipeInput(event.key(), (Arbitration) event.value(), event.tsMs());
            default -> throw new IllegalStateException("unroutable event type " + event.type());
        }
        drain();
    }

    /** End of input: every open round closes, earliest deadline first, as if its deadline had passed. */
    void finish() {
        KeyValueStore<String, ProposalState> proposals = coordinator.getKeyValueStore(CoordinatorTopology.PROPOSALS_STORE);
        KeyValueStore<String, String> deadlines = coordinator.getKeyValueStore(CoordinatorTopology.DEADLINES_STORE);
        while (true) {
            Long nextRoundDue = ReplayPipeline.nextOpenRoundDue(proposals, deadlines);
            if (nextRoundDue == null) {
                break;
            }
            // The coordinator closes due rounds on its wall-clock punctuation: step to the first one at or
            // after the deadline, as live time would pass.
            advanceTo(Math.max(nextRoundDue + 1, wallClockMs + 1));
            drain();
        }
        ReplayPipeline.rejectWaitingOutcomes(reputation.getKeyValueStore(ReputationTopology.PENDING_OUTCOMES_STORE), 0L,
                rejection -> results.rejected(rejection.getReason()));
    }

    private void advanceTo(long tsMs) {
        if (tsMs > wallClockMs) {
            coordinator.advanceWallClockTime(Duration.ofMillis(tsMs - wallClockMs));
            wallClockMs = tsMs;
            drain();
        }
    }

    private void drain() {
        boolean moved = true;
        while (moved) {
            moved = false;
            while (!scoredOut.isEmpty()) {
                TestRecord<String, byte[]> r = scoredOut.readRecord();
                coordinatorVotes.pipeInput(r.key(), r.value(), r.timestamp());
                moved = true;
            }
            while (!roundsOut.isEmpty()) {
                TestRecord<String, byte[]> r = roundsOut.readRecord();
                detectorRounds.pipeInput(r.key(), r.value(), r.timestamp());
                moved = true;
            }
            while (!decisionsOut.isEmpty()) {
                TestRecord<String, byte[]> r = decisionsOut.readRecord();
                results.decided(r.key(), topics.decisions.valueSerde().deserializer().deserialize(topics.decisions.name(), r.value()));
                detectorDecisions.pipeInput(r.key(), r.value(), r.timestamp());
                reputationDecisions.pipeInput(r.key(), r.value(), r.timestamp());
                moved = true;
            }
            while (!reputationOut.isEmpty()) {
                TestRecord<String, Reputation> r = reputationOut.readRecord();
                results.reputation(r.key(), r.value());
                coordinatorReputationStore.put(r.key(), r.value());
                detectorReputationStore.put(r.key(), r.value());
                moved = true;
            }
            while (!detectorRejectedOut.isEmpty()) {
                results.rejected(detectorRejectedOut.readValue().getReason());
            }
            while (!coordinatorRejectedOut.isEmpty()) {
                results.rejected(coordinatorRejectedOut.readValue().getReason());
            }
            while (!reputationRejectedOut.isEmpty()) {
                results.rejected(reputationRejectedOut.readValue().getReason());
            }
        }
        decisionsByStatus.forEach(TestOutputTopic::readRecordsToList);
    }

    private TopologyTestDriver driver(Topology topology, String app) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "synod-replay-" + app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(app).toString());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        return new TopologyTestDriver(topology, props, Instant.ofEpochMilli(0));
    }

    private static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static TestInputTopic<String, byte[]> rawInput(TopologyTestDriver driver, Topic<String, ?> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), new ByteArraySerializer());
    }

    private static TestOutputTopic<String, byte[]> rawOutput(TopologyTestDriver driver, Topic<String, ?> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), new ByteArrayDeserializer());
    }

    private static <V> TestOutputTopic<String, V> output(TopologyTestDriver driver, Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        drivers.forEach(TopologyTestDriver::close);
        io.synod.app.runtime.Directories.deleteRecursively(stateDir);
    }
}
