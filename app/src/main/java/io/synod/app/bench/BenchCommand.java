package io.synod.app.bench;

import io.synod.app.ConfigOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Each prints a table and, as its last line, one JSON object with the figures.",
        subcommands = {BenchCommand.Accuracy.class, BenchCommand.Latency.class, BenchCommand.Detector.class, BenchCommand.Chaos.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "detector", mixinStandardHelpOptions = true,
            description = {"Votes per second through the detector (methods off, on, Ed25519-signed), the embedding model alone, and",
                    "the whole in-process pipeline without and with the embedding side path, without a broker."})
    static final class Detector implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--proposals", defaultValue = "20000", description = "Rounds of 10 votes each (default: ${DEFAULT-VALUE}).")
        int proposals;

        @Override
        public Integer call() throws Exception {
            DetectorBench.print(DetectorBench.run(proposals), System.out);
            return 0;
        }
    }

    @Command(name = "chaos", mixinStandardHelpOptions = true,
            description = {"Run the whole system with each app in a JVM of its own (synod run --apps) under a steady load,",
                    "and break it: SIGKILL three stream apps in turn, restart the broker, stop PostgreSQL for 30 s, kill the",
                    "registry CDC while membership changes, corrupt an instance's state stores (and fill its disk when the",
                    "machine lets us mount a tmpfs). Then verify: one final decision per proposal, equal to the fault-free",
                    "replay of the same events; one PostgreSQL row per event. Exits 1 when the verification fails."})
    static final class Chaos implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--work-dir", paramLabel = "DIR", description = "Where logs, state and the events file go (default: a temp dir).")
        Path workDir;

        @picocli.CommandLine.Option(names = "--keep", description = "Keep the work directory after a passing run.")
        boolean keep;

        @picocli.CommandLine.Option(names = "--quick", description = "The same faults with less load, an 8 s database outage, and the kills overlapping it.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            Path dir = workDir != null ? workDir : Files.createTempDirectory("synod-chaos-");
            io.synod.app.chaos.ChaosRun.Result result = io.synod.app.chaos.ChaosRun.run(quick, dir, keep, System.err);
            io.synod.app.chaos.ChaosReport.print(result, System.out);
            return result.passed() ? 0 : 1;
        }
    }

    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = {"Start the embedded stack and measure, one proposal at a time, the time from the last vote of a",
                    "round being produced to its decision being consumed (read-committed), for each agent count."})
    static final class Latency implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--agents", split = ",", defaultValue = "10,100", description = "Agents per proposal (default: ${DEFAULT-VALUE}).")
        List<Integer> agents;

        @picocli.CommandLine.Option(names = "--proposals", defaultValue = "200", description = "Measured proposals per agent count (default: ${DEFAULT-VALUE}).")
        int proposals;

        @picocli.CommandLine.Option(names = "--warmup", defaultValue = "30", description = "Unmeasured proposals first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            var config = configOption.load();
            String settings = "commit.interval.ms=" + config.get("kafka.commit.interval.ms") + ", " + config.get("kafka.processing.guarantee")
                    + ", partitions=" + config.get("topics.partitions");
            LatencyBench.print(LatencyBench.run(config, agents, proposals, warmup, System.err), settings, System.out);
            return 0;
        }
    }

    @Command(name = "accuracy", mixinStandardHelpOptions = true,
            description = {"Replay each dataset directory (events.jsonl.gz, truth.jsonl, optional byzantine.json) through",
                    "Synod's policy and score it next to majority vote, the seed document's rule and offline",
                    "Dawid-Skene computed from the same votes, with detection precision/recall/FPR over agents.",
                    "A directory that holds dataset directories is expanded."})
    static final class Accuracy implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Dataset directories (or directories of them).")
        List<Path> dirs;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            List<Path> datasets = new ArrayList<>();
            for (Path dir : dirs) {
                expand(dir, datasets);
            }
            if (datasets.isEmpty()) {
                System.err.println("synod bench accuracy: no dataset directory (with events.jsonl.gz and truth.jsonl) in " + dirs);
                return 2;
            }
            AccuracyBench.print(AccuracyBench.runAll(datasets, configOption.load(), System.err), System.out);
            return 0;
        }

        private static void expand(Path dir, List<Path> out) throws java.io.IOException {
            if (Files.exists(dir.resolve("truth.jsonl"))) {
                out.add(dir);
                return;
            }
            if (Files.isDirectory(dir)) {
                try (Stream<Path> children = Files.list(dir)) {
                    for (Path child : children.sorted().toList()) {
                        if (Files.isDirectory(child)) {
                            expand(child, out);
                        }
                    }
                }
            }
        }
    }
}
