package io.synod.coordinator;

import io.synod.streams.GlobalStoreUpdater;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import io.synod.schemas.Ballot;
import io.synod.schemas.internal.Admission;
import io.synod.schemas.internal.ProposalState;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * proposals + scored votes + arbitrations -> rounds and decisions. Reputation and the agent
 * registry are global stores: they are keyed by agent, while everything here is keyed by proposal.
 * Proposals of a tenant with a limit first pass a quota gate keyed by tenant (re-keyed there and
 * back through two topics), so its open proposals are counted exactly; a tenant without one goes
 * straight to the protocol and is only counted there (decision 0047); votes never take that detour.
 */
public final class CoordinatorTopology {
    public static final String PROPOSALS_SOURCE = "coordinator-proposals-source";
    static final String ADMITTED_SOURCE = "coordinator-admitted-proposals-source";
    static final String VOTES_SOURCE = "coordinator-scored-votes-source";
    static final String ARBITRATIONS_SOURCE = "coordinator-arbitrations-source";
    static final String PROCESSOR = "coordinator-consensus";
    static final String DECISIONS_SOURCE = "coordinator-decisions-source";
    static final String ADMISSIONS_SOURCE = "coordinator-admissions-source";
    static final String REKEY = "coordinator-tenant-rekey";
    static final String GATE = "coordinator-quota-gate";
    static final String ADMISSIONS_SINK = "coordinator-admissions-sink";
    static final String ADMITTED_SINK = "coordinator-admitted-proposals-sink";
    static final String GATE_REJECTED_SINK = "coordinator-quota-rejections-sink";
    static final String REKEY_REJECTED_SINK = "coordinator-admission-rejections-sink";
    /** Exposed for replay, which closes the rounds still open at the end of its input and fills the global stores. */
    public static final String PROPOSALS_STORE = CoordinatorStores.PROPOSALS;
    public static final String DEADLINES_STORE = CoordinatorStores.DEADLINES;
    public static final String BALLOTS_STORE = CoordinatorStores.BALLOTS;
    public static final String REPUTATION_STORE = CoordinatorStores.REPUTATION;
    public static final String REGISTRY_STORE = CoordinatorStores.REGISTRY;
    public static final String TENANT_QUOTAS_STORE = CoordinatorStores.TENANT_QUOTAS;

    private CoordinatorTopology() {
    }

    /**
     * The topology's processor and stores, shared by {@link #build} and by in-process drivers
     * (replay) that feed the same processor without a broker.
     */
    public record Parts(ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> consensus,
                        List<StoreBuilder<?>> stores, List<StoreBuilder<?>> globalStores,
                        ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> rekey,
                        ProcessorSupplier<String, Admission, String, SpecificRecord> gate,
                        List<StoreBuilder<?>> gateStores, StoreBuilder<?> tenantQuotas) {
        public static final String ROUNDS_SINK = CoordinatorSinks.DEFAULT.rounds();
        public static final String DECISIONS_SINK = CoordinatorSinks.DEFAULT.decisions();
        public static final String REJECTED_SINK = CoordinatorSinks.DEFAULT.rejected();
        public static final String ADMITTED_SINK = CoordinatorTopology.ADMITTED_SINK;
        public static final String GATE_REJECTED_SINK = CoordinatorTopology.GATE_REJECTED_SINK;
        /** Where the re-key sends what goes to the gate, the proposals it hands straight to the protocol, and its refusals. */
        public static final String ADMISSIONS_SINK = CoordinatorTopology.ADMISSIONS_SINK;
        public static final String REKEY_TO_PROTOCOL = CoordinatorTopology.PROCESSOR;
        public static final String REKEY_REJECTED_SINK = CoordinatorTopology.REKEY_REJECTED_SINK;
    }

    public static Parts parts(Topics topics, CoordinatorConfig config, DecisionModel model, StoreKinds stores) {
        return new Parts(() -> new CoordinatorProcessor(config, model, CoordinatorSinks.DEFAULT),
                List.of(stores.keyValue(CoordinatorStores.PROPOSALS, Serdes.String(), topics.serde(ProposalState.class)),
                        stores.keyValue(CoordinatorStores.BALLOTS, Serdes.String(), topics.serde(Ballot.class)),
                        stores.keyValue(CoordinatorStores.DEADLINES, Serdes.String(), Serdes.String()),
                        stores.keyValue(CoordinatorStores.TRACES, Serdes.String(), Serdes.String())),
                List.of(stores.global(CoordinatorStores.REPUTATION, Serdes.String(), topics.reputation.valueSerde()),
                        stores.global(CoordinatorStores.REGISTRY, Serdes.String(), topics.registry.valueSerde())),
                () -> new TenantRekey(config.defaultPolicy(), config.maxOpenProposals(), ADMISSIONS_SINK, PROCESSOR, REKEY_REJECTED_SINK),
                () -> new QuotaGate(config.defaultPolicy(), config.maxOpenProposals(), config.endedRetentionMs(), ADMITTED_SINK,
                        GATE_REJECTED_SINK),
                List.of(stores.keyValue(CoordinatorStores.QUOTA_PROPOSALS, Serdes.String(), Serdes.Long()),
                        stores.keyValue(CoordinatorStores.QUOTA_OPEN, Serdes.String(), Serdes.Long()),
                        stores.keyValue(CoordinatorStores.QUOTA_EXPIRY, Serdes.String(), Serdes.String())),
                stores.global(CoordinatorStores.TENANT_QUOTAS, Serdes.String(), topics.tenantQuotas.valueSerde()));
    }

    public static Topology build(Topics topics, CoordinatorConfig config, DecisionModel model, StoreKinds stores) {
        Parts parts = parts(topics, config, model, stores);
        Topology topology = new Topology();
        source(topology, PROPOSALS_SOURCE, topics.proposals);
        source(topology, DECISIONS_SOURCE, topics.decisions);
        wire(topology, topics, parts, DECISIONS_SOURCE);
        globals(topology, topics, parts);
        return topology;
    }

    /**
     * Adds the quota gate and the protocol to a topology that already reads the proposals topic
     * (through {@link #PROPOSALS_SOURCE}) and the decisions topic (through {@code decisionsSource});
     * the protocol reads its scored votes from their topic when no {@code voteParents} are given (the
     * coordinator runs alone), else from those nodes (the detector, when both run in one task,
     * decision 0046). The reputation and registry global stores are left to the caller, which may share them with the detector.
     */
    public static void wire(Topology topology, Topics topics, Parts parts, String decisionsSource, String... voteParents) {
        CoordinatorSinks sinks = CoordinatorSinks.DEFAULT;
        // Proposals and endings, re-keyed by tenant for the quota gate.
        topology.addProcessor(REKEY, parts.rekey(), PROPOSALS_SOURCE, decisionsSource);
        topology.addSink(ADMISSIONS_SINK, topics.admissions.name(), topics.admissions.keySerde().serializer(),
                topics.admissions.valueSerde().serializer(), REKEY);
        topology.addSink(REKEY_REJECTED_SINK, topics.rejected.name(), topics.rejected.keySerde().serializer(),
                topics.rejected.valueSerde().serializer(), REKEY);
        // The gate, one task per tenant's partition; admitted proposals go back to tenant/proposal keys.
        source(topology, ADMISSIONS_SOURCE, topics.admissions);
        topology.addProcessor(GATE, parts.gate(), ADMISSIONS_SOURCE);
        parts.gateStores().forEach(store -> topology.addStateStore(store, GATE));
        topology.addSink(ADMITTED_SINK, topics.admitted.name(), topics.admitted.keySerde().serializer(),
                topics.admitted.valueSerde().serializer(), GATE);
        topology.addSink(GATE_REJECTED_SINK, topics.rejected.name(), topics.rejected.keySerde().serializer(),
                topics.rejected.valueSerde().serializer(), GATE);
        global(topology, parts.tenantQuotas(), topics.tenantQuotas);
        // The protocol itself.
        source(topology, ADMITTED_SOURCE, topics.admitted);
        List<String> parents = new ArrayList<>(List.of(ADMITTED_SOURCE));
        if (voteParents.length == 0) {
            source(topology, VOTES_SOURCE, topics.votesScored);
            parents.add(VOTES_SOURCE);
        } else {
            parents.addAll(List.of(voteParents));
        }
        source(topology, ARBITRATIONS_SOURCE, topics.arbitrations);
        parents.add(ARBITRATIONS_SOURCE);
        // Proposals of tenants without a limit come straight from the re-key (decision 0047).
        parents.add(REKEY);
        topology.addProcessor(PROCESSOR, parts.consensus(), parents.toArray(String[]::new));
        parts.stores().forEach(store -> topology.addStateStore(store, PROCESSOR));
        sink(topology, sinks.rounds(), topics.rounds);
        sink(topology, sinks.decisions(), topics.decisions);
        sink(topology, sinks.achieved(), topics.achieved);
        sink(topology, sinks.failed(), topics.failed);
        sink(topology, sinks.escalated(), topics.escalated);
        sink(topology, sinks.halted(), topics.halted);
        sink(topology, sinks.rejected(), topics.rejected);
    }

    /** The reputation and registry global stores the protocol reads (the detector reads the same two). */
    public static void globals(Topology topology, Topics topics, Parts parts) {
        global(topology, parts.globalStores().get(0), topics.reputation);
        global(topology, parts.globalStores().get(1), topics.registry);
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
