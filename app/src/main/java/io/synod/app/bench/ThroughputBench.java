package io.synod.app.bench;

import io.synod.app.runtime.CommitPacer;
import io.synod.app.runtime.FusedVotePath;
import io.synod.app.runtime.StreamsSettings;
import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.SynodTopologies;
import io.synod.config.SynodConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Sustained votes per second in → decisions out through the stream apps, next to the ceiling
 * measured in the same run on the same broker: Kafka Streams passing the same records along the
 * vote path, in its shape (one hop fused, two separate), with nothing in between. Phases alternate (ceiling, Synod, ceiling, ...)
 * so that a busy machine slows both alike; every Synod phase ends with the output check.
 */
final class ThroughputBench {

    record Options(int agents, int concurrent, int warmupSeconds, int durationSeconds, int repeat, int voterThreads,
                   String bootstrap, boolean embeddings, boolean joinLeave, String leave, Map<String, String> broker,
                   double rate, boolean half, boolean soak, int sampleSeconds, int soakSeconds, boolean signed) {
        /** A paced phase follows the closed-loop ones: at --rate, or at half the maximum just measured. */
        boolean paced() {
            return rate > 0 || half || soak;
        }
    }

    /** One measured phase. {@code votesPerSecond}: votes of proposals decided in the window (Synod) or votes out (ceiling). */
    record Phase(String name, double seconds, double votesPerSecond, double decisionsPerSecond, LatencyWindow.Percentiles latency,
                 ProposalLoad.Check check, MirrorStats mirror, List<Double> thirds, LatencyWindow.Percentiles rounds,
                 LatencyWindow.Percentiles detectorHop, CpuMeter.Usage cpu, TopicTraffic.Usage traffic, double offered, long skipped,
                 List<SoakSampler.Sample> samples) {
        Phase(String name, double seconds, double votesPerSecond, double decisionsPerSecond, List<Double> thirds, CpuMeter.Usage cpu,
              TopicTraffic.Usage traffic) {
            this(name, seconds, votesPerSecond, decisionsPerSecond, null, null, null, thirds, null, null, cpu, traffic, 0, 0, List.of());
        }
    }

    record Result(Options options, List<Phase> phases, String settings) {
        /** The best closed-loop phase whose name starts with {@code prefix} (paced phases measure latency, not the maximum). */
        double best(String prefix) {
            return phases.stream().filter(p -> p.name().startsWith(prefix) && p.offered() == 0).mapToDouble(Phase::votesPerSecond).max().orElse(0);
        }

        boolean checksPassed() {
            return phases.stream().filter(p -> p.check() != null).allMatch(p -> p.check().ok());
        }
    }

    /** The pass-through phase without rounds: reported next to the ceiling, not the basis of the ratio. */
    static final String VOTES_ONLY = "votes-only";
    /** The round timeout of every proposal the bench issues, to Synod and to the pass-through alike. */
    static final long ROUND_TIMEOUT_MS = 60_000;

    private ThroughputBench() {
    }

    static Result run(SynodConfig base, Options options, PrintStream progress) throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(base, options.bootstrap(), options.embeddings(), options.broker())) {
            BenchAgents agents = BenchAgents.generate("bench", options.agents(), options.signed());
            env.register(agents);
            PassThroughTopology.createTopics(env.kafka(), env.partitions(), (short) env.config().getInt("topics.replication.factor"));
            List<Phase> phases = new ArrayList<>();
            for (int r = 1; r <= options.repeat(); r++) {
                String suffix = options.repeat() > 1 ? " #" + r : "";
                progress.printf("bench throughput: ceiling%s (pass-through, %d s)...%n", suffix, options.warmupSeconds() + options.durationSeconds());
                phases.add(ceiling("ceiling" + suffix, env, agents, options, "c" + r, true));
                progress.printf("bench throughput: votes-only%s (pass-through, %d s)...%n", suffix, options.warmupSeconds() + options.durationSeconds());
                phases.add(ceiling(VOTES_ONLY + suffix, env, agents, options, "v" + r, false));
                progress.printf("bench throughput: synod%s (%d s)...%n", suffix, options.warmupSeconds() + options.durationSeconds());
                phases.add(synod("synod" + suffix, env, agents, options, "s" + r, 0, progress));
            }
            if (options.paced()) {
                double max = phases.stream().filter(p -> p.name().startsWith("synod")).mapToDouble(Phase::votesPerSecond).max().orElse(0);
                double rate = options.rate() > 0 ? options.rate() : max / 2;
                String name = options.soak() ? "soak" : "paced";
                progress.printf("bench throughput: %s at %.0f votes/s (%d s)...%n", name, rate,
                        options.warmupSeconds() + (options.soak() ? options.soakSeconds() : options.durationSeconds()));
                phases.add(synod(name, env, agents, options, "p", rate, progress));
            }
            return new Result(options, phases, settings(env.config()));
        }
    }

    /** The app that closes the vote path (its decision hop): the one whose settings the printed line and the latency ceiling take. */
    static String votePathApp(SynodConfig config) {
        return config.getBoolean("streams.fused.vote.path") ? FusedVotePath.APP : SynodTopologies.COORDINATOR;
    }

    /** The settings both the vote path and its ceiling ran with: the vote path's own where an app key sets them. */
    static String settings(SynodConfig config) {
        Properties votePath = StreamsSettings.forApp(config, votePathApp(config), Path.of(""));
        CommitPacer.Settings pacing = CommitPacer.Settings.forApp(config, votePathApp(config));
        String commits = pacing.enabled()
                ? pacing.paceMs() + " (the vote path's up to " + votePath.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) + " while votes queue)"
                : votePath.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return config.get("kafka.processing.guarantee") + ", commit.interval.ms=" + commits
                + ", stream threads " + votePath.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1")
                + ", partitions=" + config.get("topics.partitions")
                + ", embeddings " + (config.getBoolean("detector.embeddings.enabled") ? "on" : "off")
                + ", JIT " + JitMode.current();
    }

    /**
     * A pass-through phase. {@code cycle}: the ceiling, in Synod's closed loop (proposal, its round,
     * the votes, all of them out, the next proposal); otherwise the votes alone, as many in flight
     * as the concurrent proposals hold, each replaced as soon as it came out (decision 0048).
     */
    private static Phase ceiling(String name, BenchEnvironment env, BenchAgents agents, Options options, String runId, boolean cycle)
            throws Exception {
        Path state = Files.createTempDirectory(env.stateDir(), "ceiling-");
        // The ceiling has the vote path's shape: one hop when the node runs it fused, else two; the
        // round hop runs where the coordinator does.
        List<KafkaStreams> apps = env.config().getBoolean("streams.fused.vote.path")
                ? List.of(streams(env.config(), FusedVotePath.APP, "ceiling-fused",
                        PassThroughTopology.withRoundHop(PassThroughTopology.fusedHop(env.topics()), env.topics()), state))
                : List.of(streams(env.config(), SynodTopologies.DETECTOR, "ceiling-score", PassThroughTopology.scoreHop(env.topics()), state),
                        streams(env.config(), SynodTopologies.COORDINATOR, "ceiling-forward",
                                PassThroughTopology.withRoundHop(PassThroughTopology.forwardHop(env.topics()), env.topics()), state));
        try {
            apps.forEach(KafkaStreams::start);
            PassThroughTopology.awaitRunning(apps);
            try (CeilingLoad load = cycle
                    ? new PassThroughCycle(env.topics(), env.kafka(), agents, options.agents(), options.concurrent(), options.voterThreads(), runId).start()
                    : new PassThroughLoad(env.topics(), env.kafka(), agents, options.agents(),
                    options.agents() * options.concurrent(), options.voterThreads(), runId).start()) {
                Thread.sleep(options.warmupSeconds() * 1000L);
                long startNs = System.nanoTime();
                long start = load.received();
                TopicTraffic traffic = TopicTraffic.start(env.kafka());
                CpuMeter cpu = CpuMeter.start();
                List<Double> thirds = thirds(options.durationSeconds(), load::received);
                double seconds = (System.nanoTime() - startNs) / 1e9;
                double votesPerSecond = (load.received() - start) / seconds;
                CpuMeter.Usage usage = cpu.finish(load.received() - start);
                TopicTraffic.Usage appended = traffic.finish(load.received() - start);
                long lost = load.drain(Duration.ofSeconds(30));
                if (lost != 0) {
                    throw new IllegalStateException("the pass-through " + name + " left " + lost + (cycle ? " proposals" : " votes") + " unfinished");
                }
                return new Phase(name, seconds, votesPerSecond, votesPerSecond / options.agents(), thirds, usage, appended);
            }
        } finally {
            apps.forEach(app -> app.close(Duration.ofSeconds(10)));
        }
    }

    /** A Synod phase: closed loop when {@code rate} is 0, else proposals issued at {@code rate} votes/s. */
    private static Phase synod(String name, BenchEnvironment env, BenchAgents agents, Options options, String runId, double rate,
                               PrintStream progress) throws Exception {
        // Paced, --concurrent bounds what may be open at once: room for a backlog of 10 s of load, so a slower stretch shows as latency.
        int concurrent = rate > 0 ? Math.max(options.concurrent(), (int) Math.ceil(rate / options.agents() * 10)) : options.concurrent();
        try (SynodNode node = env.startNode();
             ProposalLoad load = new ProposalLoad(env.topics(), env.kafka(), agents,
                     new ProposalLoad.Settings(options.agents(), concurrent, rate, ROUND_TIMEOUT_MS, runId), options.voterThreads())) {
            if (node.opsUrl() != null) {
                progress.printf("bench throughput: node metrics at %s/metrics%n", node.opsUrl());
            }
            load.start();
            Thread.sleep(options.warmupSeconds() * 1000L);
            MirrorStats.Probe mirror = MirrorStats.probe(node);
            ProposalLoad.Snapshot start = load.snapshot();
            TopicTraffic traffic = TopicTraffic.start(env.kafka());
            CpuMeter cpu = CpuMeter.start();
            load.latencies().open();
            load.rounds().open();
            load.detectorHop().open();
            List<Double> thirds;
            List<SoakSampler.Sample> samples = List.of();
            long skippedBefore = load.skipped();
            if (options.soak() && rate > 0) {
                SoakSampler sampler = new SoakSampler(env.kafka(), env.config().get("streams.application.id.prefix"), env::stateBytes, load::decided);
                try {
                    thirds = soak(options, load, sampler, progress);
                } finally {
                    sampler.close();
                }
                samples = sampler.samples();
            } else if (options.joinLeave() && rate == 0) {
                thirds = withSecondInstance(env, options, load, progress);
            } else {
                thirds = thirds(options.durationSeconds(), () -> load.decided() * options.agents());
            }
            ProposalLoad.Snapshot end = load.snapshot();
            CpuMeter.Usage usage = cpu.finish((end.decided() - start.decided()) * (double) options.agents());
            TopicTraffic.Usage appended = traffic.finish((end.decided() - start.decided()) * (double) options.agents());
            LatencyWindow.Percentiles latency = load.latencies().close();
            LatencyWindow.Percentiles rounds = load.rounds().close();
            LatencyWindow.Percentiles detector = load.detectorHop().close();
            MirrorStats mirrorStats = mirror.finish();
            ProposalLoad.Check check = load.drain(Duration.ofSeconds(90));
            mirrorStats = mirrorStats.withCatchUp(MirrorStats.catchUpSeconds(node, Duration.ofSeconds(120)));
            double seconds = (end.atNs() - start.atNs()) / 1e9;
            double decisionsPerSecond = (end.decided() - start.decided()) / seconds;
            return new Phase(name, seconds, decisionsPerSecond * options.agents(), decisionsPerSecond, latency, check, mirrorStats, thirds,
                    rounds, detector, usage, appended, rate, load.skipped() - skippedBefore, samples);
        }
    }

    /** The soak window: a sample every --sample seconds, and the decided rate per third as elsewhere. */
    private static List<Double> soak(Options options, ProposalLoad load, SoakSampler sampler, PrintStream progress) throws Exception {
        long startNs = System.nanoTime();
        long endNs = startNs + options.soakSeconds() * 1_000_000_000L;
        long[] thirdEnds = {startNs + (endNs - startNs) / 3, startNs + 2 * (endNs - startNs) / 3, endNs};
        List<Double> rates = new ArrayList<>();
        long thirdStartNs = startNs;
        long thirdStart = load.decided();
        long nextSample = startNs;
        for (long thirdEnd : thirdEnds) {
            while (System.nanoTime() < thirdEnd) {
                if (System.nanoTime() >= nextSample) {
                    SoakSampler.Sample s = sampler.sample();
                    progress.printf("bench throughput: soak %4.0f s heap live %5.1f MiB, used %5.1f MiB, state %6.1f MiB, lag %d, decided %d%n",
                            s.atSeconds(), s.heapLiveBytes() / 1048576.0, s.heapUsedBytes() / 1048576.0, s.stateBytes() / 1048576.0, s.lag(), s.decided());
                    nextSample += options.sampleSeconds() * 1_000_000_000L;
                }
                Thread.sleep(Math.max(1, Math.min((thirdEnd - System.nanoTime()) / 1_000_000, 200)));
            }
            long now = System.nanoTime();
            rates.add((load.decided() - thirdStart) * (double) options.agents() / ((now - thirdStartNs) / 1e9));
            thirdStartNs = now;
            thirdStart = load.decided();
        }
        return rates;
    }

    /** Runs the window in thirds: one instance, a second instance (another JVM) joined, the second one gone again. */
    private static List<Double> withSecondInstance(BenchEnvironment env, Options options, ProposalLoad load, PrintStream progress) throws Exception {
        long third = options.durationSeconds() * 1000L / 3;
        List<Double> rates = new ArrayList<>();
        rates.add(rate(third, () -> load.decided() * options.agents()));
        try (SecondInstance second = SecondInstance.start(env.config(), progress)) {
            rates.add(rate(third, () -> load.decided() * options.agents()));
            second.leave("kill".equals(options.leave()));
        }
        rates.add(rate(third, () -> load.decided() * options.agents()));
        return rates;
    }

    private static List<Double> thirds(int durationSeconds, java.util.function.LongSupplier counter) throws InterruptedException {
        long third = durationSeconds * 1000L / 3;
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rates.add(rate(third, counter));
        }
        return rates;
    }

    private static double rate(long millis, java.util.function.LongSupplier counter) throws InterruptedException {
        long startNs = System.nanoTime();
        long start = counter.getAsLong();
        Thread.sleep(millis);
        return (counter.getAsLong() - start) / ((System.nanoTime() - startNs) / 1e9);
    }

    /** A pass-through app with the Streams settings of the Synod app whose hop it stands for. */
    private static KafkaStreams streams(SynodConfig config, String app, String standIn, Topology topology, Path state) {
        return new KafkaStreams(topology, StreamsSettings.standIn(config, app, standIn, state));
    }
}
