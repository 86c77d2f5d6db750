package io.synod.detector;

import io.synod.config.SynodConfig;
import io.synod.streams.GlobalStoreUpdater;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * votes -> scored votes or rejections. Reads the coordinator's rounds and decisions (co-partitioned
 * with votes by tenant/proposal) to know which rounds are open and who may vote in them, and the
 * agent registry and agent reputations (with each agent's detection profile) as global stores, so
 * per-agent history reaches the vote path without a repartition.
 */
public final class DetectorTopology {
    static final String VOTES_SOURCE = "detector-votes-source";
    static final String ROUNDS_SOURCE = "detector-rounds-source";
    static final String DECISIONS_SOURCE = "detector-decisions-source";
    static final String SCREENER = "detector-vote-screener";
    static final String SCORED_SINK = "detector-scored-votes-sink";
    static final String REJECTED_SINK = "detector-rejections-sink";
    /** Exposed for replay, which fills the global stores directly. */
    public static final String REGISTRY_STORE = DetectorStores.REGISTRY;
    public static final String REPUTATION_STORE = DetectorStores.REPUTATION;
    /**
     * Exposed for replay, which may hold their values decoded: the detector only reads what it got
     * from them and stores strings, longs and the round records it was given. The first three are
     * only ever looked up by key; the last three are also scanned by prefix.
     */
    public static final List<String> POINT_LOOKUP_STORES = List.of(DetectorStores.ROUNDS, DetectorStores.CLOSED, DetectorStores.ARRIVALS);
    public static final List<String> PREFIX_SCANNED_STORES = List.of(DetectorStores.VOTE_IDS, DetectorStores.PRINTS,
            DetectorStores.CLOSED_EXPIRY);

    private DetectorTopology() {
    }

    /**
     * The topology's processor and stores, shared by {@link #build} and by in-process drivers
     * (replay) that feed the same processor without a broker.
     */
    public record Parts(ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> screener,
                        List<StoreBuilder<?>> stores, StoreBuilder<?> registry, StoreBuilder<?> reputation) {
        public static final String SCORED_SINK = DetectorTopology.SCORED_SINK;
        public static final String REJECTED_SINK = DetectorTopology.REJECTED_SINK;
    }

    /** Parts with the configured methods; the LLM judge only when configured (never in replay, see decision 0012). */
    public static Parts parts(Topics topics, SynodConfig config, StoreKinds stores, boolean withJudge) {
        return parts(topics, config, stores, withJudge, SCORED_SINK);
    }

    public static Parts parts(Topics topics, StoreKinds stores) {
        return parts(topics, SynodConfig.defaults(), stores, false);
    }

    /**
     * Parts whose screener hands its scored votes to the node named {@code scoredChild} rather than
     * straight to the scored-votes sink: a topology that also feeds them to the coordinator in the
     * same task (decision 0046).
     */
    public static Parts parts(Topics topics, SynodConfig config, StoreKinds stores, boolean withJudge, String scoredChild) {
        return parts(topics, DetectorSettings.from(config), config.getDouble("consensus.flag.suspicion"),
                withJudge ? JudgeGate.Factory.from(config) : null, stores, scoredChild, config.endedRetentionMs());
    }

    static Parts parts(Topics topics, DetectorSettings settings, double flagSuspicion, JudgeGate.Factory judge, StoreKinds stores) {
        return parts(topics, settings, flagSuspicion, judge, stores, SCORED_SINK, 0L);
    }

    private static Parts parts(Topics topics, DetectorSettings settings, double flagSuspicion, JudgeGate.Factory judge, StoreKinds stores,
                               String scoredChild, long endedRetentionMs) {
        return new Parts(() -> new VoteScreener(scoredChild, REJECTED_SINK, settings, flagSuspicion, judge, endedRetentionMs),
                List.of(stores.keyValue(DetectorStores.ROUNDS, Serdes.String(), topics.rounds.valueSerde()),
                        stores.keyValue(DetectorStores.CLOSED, Serdes.String(), Serdes.Long()),
                        stores.keyValue(DetectorStores.CLOSED_EXPIRY, Serdes.String(), Serdes.String()),
                        stores.keyValue(DetectorStores.VOTE_IDS, Serdes.String(), Serdes.Long()),
                        stores.keyValue(DetectorStores.PRINTS, Serdes.String(), Serdes.String()),
                        stores.keyValue(DetectorStores.ARRIVALS, Serdes.String(), Serdes.String()),
                        stores.keyValue(DetectorStores.PENDING, Serdes.String(), topics.votesScored.valueSerde())),
                stores.global(DetectorStores.REGISTRY, Serdes.String(), topics.registry.valueSerde()),
                stores.global(DetectorStores.REPUTATION, Serdes.String(), topics.reputation.valueSerde()));
    }

    public static Topology build(Topics topics, SynodConfig config, StoreKinds stores) {
        return build(topics, parts(topics, config, stores, true));
    }

    public static Topology build(Topics topics, StoreKinds stores) {
        return build(topics, parts(topics, stores));
    }

    static Topology build(Topics topics, Parts parts) {
        Topology topology = new Topology();
        topology.addSource(DECISIONS_SOURCE, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer(), topics.decisions.name());
        String screener = wire(topology, topics, parts, DECISIONS_SOURCE);
        scoredSink(topology, topics, screener);
        globals(topology, topics, parts);
        return topology;
    }

    /**
     * Adds the screener with its vote and round sources, its stores and its rejection sink to a
     * topology that already reads the decisions topic through {@code decisionsSource}, and returns
     * the screener's name. The scored-votes sink and the global stores are left to the caller, which
     * may put a node between the screener and the sink, or share the global stores (decision 0046).
     */
    public static String wire(Topology topology, Topics topics, Parts parts, String decisionsSource) {
        topology.addSource(VOTES_SOURCE, topics.votes.keySerde().deserializer(), topics.votes.valueSerde().deserializer(), topics.votes.name());
        topology.addSource(ROUNDS_SOURCE, topics.rounds.keySerde().deserializer(), topics.rounds.valueSerde().deserializer(), topics.rounds.name());
        topology.addProcessor(SCREENER, parts.screener(), VOTES_SOURCE, ROUNDS_SOURCE, decisionsSource);
        parts.stores().forEach(store -> topology.addStateStore(store, SCREENER));
        topology.addSink(REJECTED_SINK, topics.rejected.name(), topics.rejected.keySerde().serializer(), topics.rejected.valueSerde().serializer(), SCREENER);
        return SCREENER;
    }

    /** The scored-votes topic, written by {@code parent}. */
    public static void scoredSink(Topology topology, Topics topics, String parent) {
        topology.addSink(SCORED_SINK, topics.votesScored.name(), topics.votesScored.keySerde().serializer(), topics.votesScored.valueSerde().serializer(), parent);
    }

    /** The registry and reputation global stores the screener reads. */
    public static void globals(Topology topology, Topics topics, Parts parts) {
        global(topology, parts.registry(), topics.registry);
        global(topology, parts.reputation(), topics.reputation);
    }

    private static <V> void global(Topology topology, StoreBuilder<?> store, Topic<String, V> topic) {
        topology.addGlobalStore(store, store.name() + "-source", topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                topic.name(), store.name() + "-updater", () -> new GlobalStoreUpdater<>(store.name()));
    }
}
