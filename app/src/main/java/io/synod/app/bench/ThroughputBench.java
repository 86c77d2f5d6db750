package io.synod.app.bench;

import io.synod.app.runtime.StreamsSettings;
import io.synod.app.runtime.SynodNode;
import io.synod.config.SynodConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * Sustained votes per second in → decisions out through the three stream apps, next to the ceiling
 * measured in the same run on the same broker: Kafka Streams passing the same records through the
 * vote path's two hops with nothing in between. Phases alternate (ceiling, Synod, ceiling, ...)
 * so that a busy machine slows both alike; every Synod phase ends with the output check.
 */
final class ThroughputBench {

    record Options(int agents, int concurrent, int warmupSeconds, int durationSeconds, int repeat, int voterThreads,
                   String bootstrap, boolean embeddings, boolean joinLeave, String leave, Map<String, String> broker,
                   double rate, boolean half, boolean soak, int sampleSeconds, int soakSeconds) {
        /** A paced phase follows the closed-loop ones: at --rate, or at half the maximum just measured. */
        boolean paced() {
            return rate > 0 || half || soak;
        }
    }

    /** One measured phase. {@code votesPerSecond}: votes of proposals decided in the window (Synod) or votes out (ceiling). */
    record Phase(String name, double seconds, double votesPerSecond, double decisionsPerSecond, LatencyWindow.Percentiles latency,
                 ProposalLoad.Check check, MirrorStats mirror, List<Double> thirds, LatencyWindow.Percentiles rounds,
                 LatencyWindow.Percentiles detectorHop, CpuMeter.Usage cpu, double offered, long skipped, List<SoakSampler.Sample> samples) {
        Phase(String name, double seconds, double votesPerSecond, double decisionsPerSecond, List<Double> thirds, CpuMeter.Usage cpu) {
            this(name, seconds, votesPerSecond, decisionsPerSecond, null, null, null, thirds, null, null, cpu, 0, 0, List.of());
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

    private ThroughputBench() {
    }

    static Result run(SynodConfig base, Options options, PrintStream progress) throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(base, options.bootstrap(), options.embeddings(), options.broker())) {
            BenchAgents agents = BenchAgents.generate("bench", options.agents());
            env.register(agents);
            createCeilingTopics(env);
            List<Phase> phases = new ArrayList<>();
            for (int r = 1; r <= options.repeat(); r++) {
                String suffix = options.repeat() > 1 ? " #" + r : "";
                progress.printf("bench throughput: ceiling%s (pass-through, %d s)...%n", suffix, options.warmupSeconds() + options.durationSeconds());
                phases.add(ceiling("ceiling" + suffix, env, agents, options, "c" + r));
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

    static String settings(SynodConfig config) {
        return config.get("kafka.processing.guarantee") + ", commit.interval.ms=" + config.get("kafka.commit.interval.ms")
                + ", partitions=" + config.get("topics.partitions") + ", embeddings " + (config.getBoolean("detector.embeddings.enabled") ? "on" : "off");
    }

    private static void createCeilingTopics(BenchEnvironment env) throws Exception {
        try (Admin admin = Admin.create(env.kafka())) {
            List<NewTopic> topics = PassThroughTopology.TOPICS.stream()
                    .map(name -> new NewTopic(name, env.partitions(), (short) env.config().getInt("topics.replication.factor"))).toList();
            admin.createTopics(topics).all().get();
        }
    }

    private static Phase ceiling(String name, BenchEnvironment env, BenchAgents agents, Options options, String runId) throws Exception {
        Path state = Files.createTempDirectory(env.stateDir(), "ceiling-");
        List<KafkaStreams> apps = List.of(
                streams(env.config(), "ceiling-score", PassThroughTopology.scoreHop(env.topics()), state),
                streams(env.config(), "ceiling-forward", PassThroughTopology.forwardHop(env.topics()), state));
        try {
            apps.forEach(KafkaStreams::start);
            awaitRunning(apps);
            try (PassThroughLoad load = new PassThroughLoad(env.topics(), env.kafka(), agents, options.agents(),
                    options.agents() * options.concurrent(), options.voterThreads(), runId).start()) {
                Thread.sleep(options.warmupSeconds() * 1000L);
                long startNs = System.nanoTime();
                long start = load.received();
                CpuMeter cpu = CpuMeter.start();
                List<Double> thirds = thirds(options.durationSeconds(), load::received);
                double seconds = (System.nanoTime() - startNs) / 1e9;
                double votesPerSecond = (load.received() - start) / seconds;
                CpuMeter.Usage usage = cpu.finish(load.received() - start);
                long lost = load.drain(Duration.ofSeconds(30));
                if (lost != 0) {
                    throw new IllegalStateException("the pass-through lost " + lost + " votes");
                }
                return new Phase(name, seconds, votesPerSecond, votesPerSecond / options.agents(), thirds, usage);
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
                     new ProposalLoad.Settings(options.agents(), concurrent, rate, 60_000, runId), options.voterThreads())) {
            if (node.opsUrl() != null) {
                progress.printf("bench throughput: node metrics at %s/metrics%n", node.opsUrl());
            }
            load.start();
            Thread.sleep(options.warmupSeconds() * 1000L);
            MirrorStats.Probe mirror = MirrorStats.probe(node);
            ProposalLoad.Snapshot start = load.snapshot();
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
            LatencyWindow.Percentiles latency = load.latencies().close();
            LatencyWindow.Percentiles rounds = load.rounds().close();
            LatencyWindow.Percentiles detector = load.detectorHop().close();
            MirrorStats mirrorStats = mirror.finish();
            ProposalLoad.Check check = load.drain(Duration.ofSeconds(90));
            mirrorStats = mirrorStats.withCatchUp(MirrorStats.catchUpSeconds(node, Duration.ofSeconds(120)));
            double seconds = (end.atNs() - start.atNs()) / 1e9;
            double decisionsPerSecond = (end.decided() - start.decided()) / seconds;
            return new Phase(name, seconds, decisionsPerSecond * options.agents(), decisionsPerSecond, latency, check, mirrorStats, thirds,
                    rounds, detector, usage, rate, load.skipped() - skippedBefore, samples);
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

    private static KafkaStreams streams(SynodConfig config, String app, Topology topology, Path state) {
        return new KafkaStreams(topology, StreamsSettings.forApp(config, app, state));
    }

    private static void awaitRunning(List<KafkaStreams> apps) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!apps.stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pass-through apps not RUNNING: " + apps.stream().map(KafkaStreams::state).toList());
            }
            Thread.sleep(50);
        }
    }

    static void print(Result result, PrintStream out) throws Exception {
        Options o = result.options();
        out.printf("votes/s in -> decisions out, %d agents per proposal, %d concurrent proposals, Ed25519-signed votes (%s)%n",
                o.agents(), o.concurrent(), result.settings());
        out.printf("%-12s %9s %10s %12s %9s %9s %9s %9s %9s  %s%n", "phase", "offered", "votes/s", "decisions/s", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "seconds", "thirds (votes/s)");
        for (Phase p : result.phases()) {
            LatencyWindow.Percentiles l = p.latency();
            out.printf("%-12s %9s %10.0f %12.1f %9s %9s %9s %9s %9.1f  %s%n", p.name(), p.offered() > 0 ? String.format("%.0f", p.offered()) : "max",
                    p.votesPerSecond(), p.decisionsPerSecond(), ms(l, LatencyWindow.Percentiles::p50), ms(l, LatencyWindow.Percentiles::p95),
                    ms(l, LatencyWindow.Percentiles::p99), ms(l, LatencyWindow.Percentiles::max), p.seconds(),
                    p.thirds().stream().map(v -> String.format("%.0f", v)).toList());
        }
        for (Phase p : result.phases()) {
            out.printf("cpu %s: %s%n", p.name(), p.cpu().describe());
            if (p.check() != null) {
                out.printf("check %s: %s -> %s%n", p.name(), p.check().describe(), p.check().ok() ? "OK" : "FAILED");
            }
            if (p.rounds() != null) {
                out.printf("hops %s: proposal -> round p50 %.1f / p99 %.1f ms; last vote -> last scored vote p50 %.1f / p99 %.1f ms%n", p.name(),
                        p.rounds().p50(), p.rounds().p99(), p.detectorHop().p50(), p.detectorHop().p99());
            }
            if (p.mirror() != null) {
                out.printf("mirror %s: %s%n", p.name(), p.mirror().describe());
            }
            if (p.offered() > 0) {
                out.printf("paced %s: %.0f votes/s offered, %d proposals not issued because %d were open%n", p.name(), p.offered(), p.skipped(),
                        Math.max(o.concurrent(), (int) Math.ceil(p.offered() / o.agents() * 10)));
            }
            if (!p.samples().isEmpty()) {
                out.printf("%8s %12s %12s %12s %8s %10s%n", "second", "heap live MiB", "heap used MiB", "state MiB", "lag", "decided");
                for (SoakSampler.Sample s : p.samples()) {
                    out.printf("%8.0f %12.1f %12.1f %12.1f %8d %10d%n", s.atSeconds(), s.heapLiveBytes() / 1048576.0, s.heapUsedBytes() / 1048576.0,
                            s.stateBytes() / 1048576.0, s.lag(), s.decided());
                }
                out.printf("soak verdicts: %s%n", SoakSampler.verdicts(p.samples()));
            }
        }
        double synod = result.best("synod");
        double ceiling = result.best("ceiling");
        out.printf("Synod %.0f votes/s = %.1f%% of the pass-through ceiling %.0f votes/s (best phases); %.0f decisions/minute.%n",
                synod, 100 * synod / ceiling, ceiling, synod / o.agents() * 60);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bench", "throughput");
        summary.put("value", Math.round(synod));
        summary.put("baseline", Math.round(ceiling));
        summary.put("ratio", Math.round(synod / ceiling * 1000) / 1000.0);
        summary.put("unit", "votes/s");
        summary.put("agents", o.agents());
        summary.put("concurrent", o.concurrent());
        summary.put("decisionsPerMinute", Math.round(synod / o.agents() * 60));
        summary.put("checksPassed", result.checksPassed());
        summary.put("settings", result.settings());
        List<Map<String, Object>> phases = new ArrayList<>();
        for (Phase p : result.phases()) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", p.name());
            phase.put("votesPerSecond", Math.round(p.votesPerSecond()));
            phase.put("thirds", p.thirds().stream().map(Math::round).toList());
            phase.put("cpuMsPerVote", Math.round(p.cpu().cpuMsPerVote() * 1000) / 1000.0);
            phase.put("cores", Math.round(p.cpu().cores() * 100) / 100.0);
            phase.put("load", Math.round(p.cpu().loadAfter() * 10) / 10.0);
            if (p.offered() > 0) {
                phase.put("offered", Math.round(p.offered()));
                phase.put("skipped", p.skipped());
            }
            if (!p.samples().isEmpty()) {
                phase.put("soak", SoakSampler.verdicts(p.samples()));
                phase.put("samples", p.samples().stream().map(x -> List.of(Math.round(x.atSeconds()), x.heapLiveBytes(), x.stateBytes(), x.lag())).toList());
            }
            if (p.latency() != null) {
                phase.put("p95", round(p.latency().p95()));
                phase.put("p50", round(p.latency().p50()));
                phase.put("p99", round(p.latency().p99()));
                phase.put("max", round(p.latency().max()));
            }
            if (p.check() != null) {
                phase.put("check", Map.of("ok", p.check().ok(), "issued", p.check().issued(), "missing", p.check().missing(),
                        "duplicated", p.check().duplicated(), "incomplete", p.check().incomplete()));
            }
            if (p.mirror() != null) {
                phase.put("mirror", p.mirror().asMap());
            }
            phases.add(phase);
        }
        summary.put("phases", phases);
        out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(summary));
    }

    private static String ms(LatencyWindow.Percentiles l, java.util.function.ToDoubleFunction<LatencyWindow.Percentiles> f) {
        return l == null || l.count() == 0 ? "-" : String.format("%.1f", f.applyAsDouble(l));
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
    }
}
