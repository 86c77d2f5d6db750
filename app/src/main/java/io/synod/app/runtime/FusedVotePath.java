package io.synod.app.runtime;

import io.synod.coordinator.CoordinatorTopology;
import io.synod.detector.DetectorTopology;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
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

    /** With {@code pacing} on, the app asks for a commit every pace while its votes do not queue (decision 0103). */
    public static Topology build(Topics topics, DetectorTopology.Parts detector, CoordinatorTopology.Parts coordinator,
                                 CommitPacer.Settings pacing) {
        Topology topology = new Topology();
        topology.addSource(CoordinatorTopology.PROPOSALS_SOURCE, topics.proposals.keySerde().deserializer(),
                topics.proposals.valueSerde().deserializer(), topics.proposals.name());
        // One source for the decisions both halves follow: a topology may read a topic only once.
        topology.addSource(DECISIONS_SOURCE, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer(),
                topics.decisions.name());
        String screener = DetectorTopology.wire(topology, topics, detector, DECISIONS_SOURCE);
        Pacers pacers = new Pacers(pacing);
        topology.addProcessor(SCORED_VOTES, () -> new Tee(pacers), screener);
        DetectorTopology.scoredSink(topology, topics, SCORED_VOTES);
        CoordinatorTopology.wire(topology, topics, coordinator, DECISIONS_SOURCE, SCORED_VOTES);
        // The two halves read the same registry and reputation stores (io.synod.streams.GlobalStores).
        CoordinatorTopology.globals(topology, topics, coordinator);
        return topology;
    }

    /**
     * The app's pacers, one per stream thread: a commit covers every task of the thread that asks
     * for it, so the thread, not the task, judges whether its votes queue.
     */
    static final class Pacers {
        private final CommitPacer.Settings settings;
        private final Map<Thread, CommitPacer> byThread = Collections.synchronizedMap(new WeakHashMap<>());

        Pacers(CommitPacer.Settings settings) {
            this.settings = settings;
        }

        boolean enabled() {
            return settings.enabled();
        }

        long paceMs() {
            return settings.paceMs();
        }

        CommitPacer ofCurrentThread() {
            return byThread.computeIfAbsent(Thread.currentThread(), thread -> new CommitPacer(settings.paceMs(), settings.backlogMs()));
        }
    }

    /**
     * Hands every scored vote to the scored-votes sink first, then to the coordinator; with pacing on,
     * it also times the votes' wait (a scored vote keeps its vote's record time) and asks for the
     * early commits.
     */
    static final class Tee implements Processor<Object, Object, Object, Object> {
        private final Pacers pacers;
        private ProcessorContext<Object, Object> context;
        private Thread thread;
        private CommitPacer pacer;

        Tee(Pacers pacers) {
            this.pacers = pacers;
        }

        @Override
        public void init(ProcessorContext<Object, Object> context) {
            this.context = context;
            if (pacers.enabled()) {
                context.schedule(Duration.ofMillis(pacers.paceMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
                    if (pacer().commitNow(now)) {
                        context.commit();
                    }
                });
            }
        }

        @Override
        public void process(Record<Object, Object> record) {
            if (pacers.enabled()) {
                pacer().observe(context.currentSystemTimeMs(), record.timestamp());
            }
            context.forward(record);
        }

        /** The pacer of the thread running this task now (a task may move to another thread at a rebalance). */
        private CommitPacer pacer() {
            if (thread != Thread.currentThread()) {
                thread = Thread.currentThread();
                pacer = pacers.ofCurrentThread();
            }
            return pacer;
        }
    }
}
