package io.synod.coordinator;

import io.synod.streams.GlobalStoreUpdater;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import io.synod.schemas.Ballot;
import io.synod.schemas.internal.ProposalState;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * proposals + scored votes + arbitrations -> rounds and decisions. Reputation and the agent
 * registry are global stores: they are keyed by agent, while everything here is keyed by proposal.
 */
public final class CoordinatorTopology {
    static final String PROPOSALS_SOURCE = "coordinator-proposals-source";
    static final String VOTES_SOURCE = "coordinator-scored-votes-source";
    static final String ARBITRATIONS_SOURCE = "coordinator-arbitrations-source";
    static final String PROCESSOR = "coordinator-consensus";
    /** Exposed for replay, which closes the rounds still open at the end of its input and fills the global stores. */
    public static final String PROPOSALS_STORE = CoordinatorStores.PROPOSALS;
    public static final String DEADLINES_STORE = CoordinatorStores.DEADLINES;
    public static final String REPUTATION_STORE = CoordinatorStores.REPUTATION;
    public static final String REGISTRY_STORE = CoordinatorStores.REGISTRY;

    private CoordinatorTopology() {
    }

    /**
     * The topology's processor and stores, shared by {@link #build} and by in-process drivers
     * (replay) that feed the same processor without a broker.
     */
    public record Parts(ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> consensus,
                        List<StoreBuilder<?>> stores, List<StoreBuilder<?>> globalStores) {
        public static final String ROUNDS_SINK = CoordinatorSinks.DEFAULT.rounds();
        public static final String DECISIONS_SINK = CoordinatorSinks.DEFAULT.decisions();
        public static final String REJECTED_SINK = CoordinatorSinks.DEFAULT.rejected();
    }

    public static Parts parts(Topics topics, CoordinatorConfig config, DecisionModel model, StoreKinds stores) {
        return new Parts(() -> new CoordinatorProcessor(config, model, CoordinatorSinks.DEFAULT),
                List.of(stores.keyValue(CoordinatorStores.PROPOSALS, Serdes.String(), topics.serde(ProposalState.class)),
                        stores.keyValue(CoordinatorStores.BALLOTS, Serdes.String(), topics.serde(Ballot.class)),
                        stores.keyValue(CoordinatorStores.PROGRESS, Serdes.String(), RoundProgress.serde()),
                        stores.keyValue(CoordinatorStores.DEADLINES, Serdes.String(), Serdes.String()),
                        stores.keyValue(CoordinatorStores.TRACES, Serdes.String(), Serdes.String())),
                List.of(stores.global(CoordinatorStores.REPUTATION, Serdes.String(), topics.reputation.valueSerde()),
                        stores.global(CoordinatorStores.REGISTRY, Serdes.String(), topics.registry.valueSerde())));
    }

    public static Topology build(Topics topics, CoordinatorConfig config, DecisionModel model, StoreKinds stores) {
        CoordinatorSinks sinks = CoordinatorSinks.DEFAULT;
        Parts parts = parts(topics, config, model, stores);
        Topology topology = new Topology();
        source(topology, PROPOSALS_SOURCE, topics.proposals);
        source(topology, VOTES_SOURCE, topics.votesScored);
        source(topology, ARBITRATIONS_SOURCE, topics.arbitrations);
        topology.addProcessor(PROCESSOR, parts.consensus(), PROPOSALS_SOURCE, VOTES_SOURCE, ARBITRATIONS_SOURCE);
        parts.stores().forEach(store -> topology.addStateStore(store, PROCESSOR));
        sink(topology, sinks.rounds(), topics.rounds);
        sink(topology, sinks.decisions(), topics.decisions);
        sink(topology, sinks.achieved(), topics.achieved);
        sink(topology, sinks.failed(), topics.failed);
        sink(topology, sinks.escalated(), topics.escalated);
        sink(topology, sinks.halted(), topics.halted);
        sink(topology, sinks.rejected(), topics.rejected);
        global(topology, parts.globalStores().get(0), topics.reputation);
        global(topology, parts.globalStores().get(1), topics.registry);
        return topology;
    }

    private static <V> void source(Topology topology, String name, Topic<String, V> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <V> void sink(Topology topology, String name, Topic<String, V> topic) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), PROCESSOR);
    }

    private static <V> void global(Topology topology, StoreBuilder<?> store, Topic<String, V> topic) {
        topology.addGlobalStore(store, store.name() + "-source", topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                topic.name(), store.name() + "-updater", () -> new GlobalStoreUpdater<>(store.name()));
    }
}
