package io.synod.coordinator;

import io.synod.streams.GlobalStoreUpdater;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

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

    public static Topology build(Topics topics, CoordinatorConfig config, DecisionModel model, StoreKinds stores) {
        CoordinatorSinks sinks = CoordinatorSinks.DEFAULT;
        Topology topology = new Topology();
        source(topology, PROPOSALS_SOURCE, topics.proposals);
        source(topology, VOTES_SOURCE, topics.votesScored);
        source(topology, ARBITRATIONS_SOURCE, topics.arbitrations);
        topology.addProcessor(PROCESSOR, () -> new CoordinatorProcessor(config, model, sinks),
                PROPOSALS_SOURCE, VOTES_SOURCE, ARBITRATIONS_SOURCE);
        topology.addStateStore(stores.keyValue(CoordinatorStores.PROPOSALS, Serdes.String(),
                topics.serde(io.synod.schemas.internal.ProposalState.class)), PROCESSOR);
        topology.addStateStore(stores.keyValue(CoordinatorStores.BALLOTS, Serdes.String(),
                topics.serde(io.synod.schemas.Ballot.class)), PROCESSOR);
        topology.addStateStore(stores.keyValue(CoordinatorStores.PROGRESS, Serdes.String(), RoundProgress.serde()), PROCESSOR);
        topology.addStateStore(stores.keyValue(CoordinatorStores.DEADLINES, Serdes.String(), Serdes.String()), PROCESSOR);
        sink(topology, sinks.rounds(), topics.rounds);
        sink(topology, sinks.decisions(), topics.decisions);
        sink(topology, sinks.achieved(), topics.achieved);
        sink(topology, sinks.failed(), topics.failed);
        sink(topology, sinks.escalated(), topics.escalated);
        sink(topology, sinks.halted(), topics.halted);
        sink(topology, sinks.rejected(), topics.rejected);
        global(topology, stores, CoordinatorStores.REPUTATION, topics.reputation);
        global(topology, stores, CoordinatorStores.REGISTRY, topics.registry);
        return topology;
    }

    private static <V> void source(Topology topology, String name, Topic<String, V> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <V> void sink(Topology topology, String name, Topic<String, V> topic) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), PROCESSOR);
    }

    private static <V> void global(Topology topology, StoreKinds stores, String storeName, Topic<String, V> topic) {
        topology.addGlobalStore(stores.global(storeName, Serdes.String(), topic.valueSerde()),
                storeName + "-source", topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                topic.name(), storeName + "-updater", () -> new GlobalStoreUpdater<>(storeName));
    }
}
