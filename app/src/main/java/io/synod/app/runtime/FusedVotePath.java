package io.synod.app.runtime;

import io.synod.coordinator.CoordinatorTopology;
import io.synod.detector.DetectorTopology;
import io.synod.topics.Topics;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The detector and the coordinator as one application (decision 0046): a vote is screened and
 * tallied in the same task, so the last vote of a round reaches its decision through one
 * exactly-once commit instead of two, and the node runs one transaction fewer every commit
 * interval. The scored votes are still written to their topic for the reputation app, the mirror
 * and anyone else; the coordinator simply does not wait to read them back. Votes, rounds, decisions,
 * admitted proposals and arbitrations are all keyed by tenant/proposal over the same partitions, so
 * one task owns everything about a proposal on both sides.
 */
public final class FusedVotePath {
    /** The application's name: its id is {@code <prefix>-detector-coordinator}. */
    public static final String APP = "detector-coordinator";
    static final String DECISIONS_SOURCE = "fused-decisions-source";
    static final String SCORED_VOTES = "fused-scored-votes";

    private FusedVotePath() {
    }

    public static Topology build(Topics topics, DetectorTopology.Parts detector, CoordinatorTopology.Parts coordinator) {
        Topology topology = new Topology();
        topology.addSource(CoordinatorTopology.PROPOSALS_SOURCE, topics.proposals.keySerde().deserializer(),
                topics.proposals.valueSerde().deserializer(), topics.proposals.name());
        // One source for the decisions both halves follow: a topology may read a topic only once.
        topology.addSource(DECISIONS_SOURCE, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer(),
                topics.decisions.name());
        String screener = DetectorTopology.wire(topology, topics, detector, DECISIONS_SOURCE);
        topology.addProcessor(SCORED_VOTES, Tee::new, screener);
        DetectorTopology.scoredSink(topology, topics, SCORED_VOTES);
        CoordinatorTopology.wire(topology, topics, coordinator, DECISIONS_SOURCE, SCORED_VOTES);
        // The two halves read the same registry and reputation stores (io.synod.streams.GlobalStores).
        CoordinatorTopology.globals(topology, topics, coordinator);
        return topology;
    }

    /** Hands every scored vote to the scored-votes sink first, then to the coordinator. */
    static final class Tee implements Processor<Object, Object, Object, Object> {
        private ProcessorContext<Object, Object> context;

        @Override
        public void init(ProcessorContext<Object, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<Object, Object> record) {
            context.forward(record);
        }
    }
}
