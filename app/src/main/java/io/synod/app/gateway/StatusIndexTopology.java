package io.synod.app.gateway;

import io.synod.schemas.Decision;
import io.synod.schemas.Rejection;
import io.synod.sdk.ProposalStatus;
import io.synod.streams.GlobalStoreUpdater;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The gateway's view of every proposal: four global stores (so every gateway instance answers for
 * every proposal without forwarding requests) holding, per {@code tenant/proposal}, the proposal,
 * its latest round, its refusal by the coordinator and its decision. Global stores restore through
 * these processors (Kafka Streams 3.8+), so a restarted gateway filters exactly as a live one.
 */
public final class StatusIndexTopology {
    public static final String PROPOSALS = "gateway-proposals";
    public static final String ROUNDS = "gateway-rounds";
    public static final String REJECTIONS = "gateway-proposal-rejections";
    public static final String DECISIONS = "gateway-decisions";

    private StatusIndexTopology() {
    }

    public static Topology build(Topics topics) {
        Topology topology = new Topology();
        global(topology, PROPOSALS, topics.proposals, () -> new GlobalStoreUpdater<>(PROPOSALS));
        global(topology, ROUNDS, topics.rounds, () -> new GlobalStoreUpdater<>(ROUNDS));
        global(topology, REJECTIONS, topics.rejected, ProposalRejections::new);
        global(topology, DECISIONS, topics.decisions, LatestDecision::new);
        return topology;
    }

    private static <V> void global(Topology topology, String store, Topic<String, V> topic,
                                   ProcessorSupplier<String, V, Void, Void> updater) {
        topology.addGlobalStore(StoreKinds.PERSISTENT.global(store, Serdes.String(), topic.valueSerde()), store + "-source",
                topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name(), store + "-updater", updater);
    }

    /** Keeps only refusals of proposals; vote rejections share the key and would hide them. */
    private static final class ProposalRejections implements Processor<String, Rejection, Void, Void> {
        private KeyValueStore<String, Rejection> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(REJECTIONS);
        }

        @Override
        public void process(Record<String, Rejection> record) {
            if (record.key() != null && record.value() != null && ProposalStatus.isProposalRejection(record.value())) {
                store.put(record.key(), record.value());
            }
        }
    }

    /** A final decision is never replaced by an escalation of the same proposal. */
    private static final class LatestDecision implements Processor<String, Decision, Void, Void> {
        private KeyValueStore<String, Decision> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(DECISIONS);
        }

        @Override
        public void process(Record<String, Decision> record) {
            if (record.key() != null && record.value() != null) {
                store.put(record.key(), ProposalStatus.latest(store.get(record.key()), record.value()));
            }
        }
    }
}
