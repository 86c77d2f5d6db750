package io.synod.detector;

import io.synod.streams.GlobalStoreUpdater;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * votes -> scored votes or rejections. Reads the coordinator's rounds and decisions (co-partitioned
 * with votes by tenant/proposal) to know which rounds are open and who may vote in them, and the
 * agent registry as a global store.
 */
public final class DetectorTopology {
    static final String VOTES_SOURCE = "detector-votes-source";
    static final String ROUNDS_SOURCE = "detector-rounds-source";
    static final String DECISIONS_SOURCE = "detector-decisions-source";
    static final String SCREENER = "detector-vote-screener";
    static final String SCORED_SINK = "detector-scored-votes-sink";
    static final String REJECTED_SINK = "detector-rejections-sink";
    /** Exposed for replay, which fills the global store directly. */
    public static final String REGISTRY_STORE = DetectorStores.REGISTRY;

    private DetectorTopology() {
    }

    public static Topology build(Topics topics, StoreKinds stores) {
        Topology topology = new Topology();
        topology.addSource(VOTES_SOURCE, topics.votes.keySerde().deserializer(), topics.votes.valueSerde().deserializer(), topics.votes.name());
        topology.addSource(ROUNDS_SOURCE, topics.rounds.keySerde().deserializer(), topics.rounds.valueSerde().deserializer(), topics.rounds.name());
        topology.addSource(DECISIONS_SOURCE, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer(), topics.decisions.name());
        topology.addProcessor(SCREENER, () -> new VoteScreener(SCORED_SINK, REJECTED_SINK), VOTES_SOURCE, ROUNDS_SOURCE, DECISIONS_SOURCE);
        topology.addStateStore(stores.keyValue(DetectorStores.ROUNDS, Serdes.String(), topics.rounds.valueSerde()), SCREENER);
        topology.addStateStore(stores.keyValue(DetectorStores.CLOSED, Serdes.String(), Serdes.Long()), SCREENER);
        topology.addStateStore(stores.keyValue(DetectorStores.SEEN, Serdes.String(), Serdes.Long()), SCREENER);
        topology.addSink(SCORED_SINK, topics.votesScored.name(), topics.votesScored.keySerde().serializer(), topics.votesScored.valueSerde().serializer(), SCREENER);
        topology.addSink(REJECTED_SINK, topics.rejected.name(), topics.rejected.keySerde().serializer(), topics.rejected.valueSerde().serializer(), SCREENER);
        topology.addGlobalStore(stores.global(DetectorStores.REGISTRY, Serdes.String(), topics.registry.valueSerde()),
                "detector-registry-source", topics.registry.keySerde().deserializer(), topics.registry.valueSerde().deserializer(),
                topics.registry.name(), "detector-registry-updater", () -> new GlobalStoreUpdater<>(DetectorStores.REGISTRY));
        return topology;
    }
}
