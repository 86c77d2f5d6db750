package io.synod.app.runtime;

import io.synod.coordinator.CoordinatorTopology;
import io.synod.detector.DetectorTopology;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
     * The app's pacers, one per stream thread, with the tasks the thread runs: a thread commits all
     * its tasks at once, so the thread, not the task, judges whether its votes queue, once an
     * interval; and Kafka Streams commits only for a task that asked and has processed something
     * since its last commit, so a commit the thread decides on is asked for by every one of its tasks
     * together (each asking on its own punctuation would commit the thread once per task).
     */
    static final class Pacers {
        private final CommitPacer.Settings settings;
        private final Map<Thread, ThreadPace> byThread = Collections.synchronizedMap(new WeakHashMap<>());

        Pacers(CommitPacer.Settings settings) {
            this.settings = settings;
        }

        boolean enabled() {
            return settings.enabled();
        }

        /**
         * How often a task looks whether its thread's pace has come round: a quarter of the pace. A wall-clock
         * punctuation fires late by however long the thread was busy; looking only once a pace, a look just short of
         * a pace after a late one passed, and the commit waited for the next (with pacing on and never stretching,
         * the seed test's last vote to decision p50 35 and 41 ms against 27 without pacing; 30 and 27 with these looks).
         */
        long checkEveryMs() {
            return Math.max(1, settings.paceMs() / 4);
        }

        /** Tasks are initialized and closed on the stream thread that runs them. */
        ThreadPace ofCurrentThread() {
            return byThread.computeIfAbsent(Thread.currentThread(), thread -> new ThreadPace(new CommitPacer(settings.paceMs(), settings.backlogMs())));
        }
    }

    /** One stream thread's pacer and the contexts of the tasks it runs. */
    static final class ThreadPace {
        private final CommitPacer pacer;
        private final List<ProcessorContext<?, ?>> tasks = new ArrayList<>();

        ThreadPace(CommitPacer pacer) {
            this.pacer = pacer;
        }

        void punctuate(long nowMs) {
            if (pacer.commitNow(nowMs)) {
                tasks.forEach(ProcessorContext::commit);
            }
        }
    }

    /**
     * Hands every scored vote to the scored-votes sink first, then to the coordinator; with pacing on,
     * it also times the votes' wait (a scored vote keeps its vote's record time) for its thread's pacer.
     */
    static final class Tee implements Processor<Object, Object, Object, Object> {
        private final Pacers pacers;
        private ProcessorContext<Object, Object> context;
        private ThreadPace pace;

        Tee(Pacers pacers) {
            this.pacers = pacers;
        }

        @Override
        public void init(ProcessorContext<Object, Object> context) {
            this.context = context;
            if (pacers.enabled()) {
                pace = pacers.ofCurrentThread();
                pace.tasks.add(context);
                context.schedule(Duration.ofMillis(pacers.checkEveryMs()), PunctuationType.WALL_CLOCK_TIME, pace::punctuate);
            }
        }

        @Override
        public void process(Record<Object, Object> record) {
            if (pace != null) {
                // The clock itself, not the context's cached time: that is taken before the thread's last poll and commit,
                // so votes that arrived meanwhile would look younger than they are, and one of them would set the floor.
                pace.pacer.observe(System.currentTimeMillis(), record.timestamp());
            }
            context.forward(record);
        }

        @Override
        public void close() {
            if (pace != null) {
                pace.tasks.remove(context);
            }
        }
    }
}
