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
        subcommands = {BenchCommand.Accuracy.class, BenchCommand.Latency.class, BenchCommand.Detector.class, BenchCommand.Throughput.class,
                BenchCommand.Scale.class, BenchCommand.Chaos.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "detector", mixinStandardHelpOptions = true,
            header = "Votes per second through the detector, with and without sentence embeddings.",
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
            header = "Break the running system in turn and check that no decision is lost, doubled or changed.",
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
            header = "Time from a round's last vote to its decision on the embedded stack, per agent count.",
            description = {"Start the embedded stack and measure, one proposal at a time, the time from the last vote of a",
                    "round being produced to its decision being consumed (read-committed), for each agent count."})
    static final class Latency implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--agents", split = ",", defaultValue = "10,100", description = "Agents per proposal (default: ${DEFAULT-VALUE}).")
        List<Integer> agents;

        @picocli.CommandLine.Option(names = "--proposals", defaultValue = "200", description = "Measured proposals per agent count, at most 5,000 votes per count (default: ${DEFAULT-VALUE}).")
        int proposals;

        @picocli.CommandLine.Option(names = "--warmup", defaultValue = "30", description = "Unmeasured proposals first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @picocli.CommandLine.Option(names = "--vote-rate", defaultValue = "0", paramLabel = "VOTES",
                description = "Votes a second within a round, for Synod and the pass-through alike (default: 0, all at once; a large round then"
                        + " measures the backlog of a burst above what the stack sustains).")
        double voteRate;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            var config = configOption.load();
            LatencyBench.print(LatencyBench.run(config, agents, proposals, warmup, voteRate, System.err), ThroughputBench.settings(config), voteRate,
                    System.out);
            return 0;
        }
    }

    @Command(name = "throughput", mixinStandardHelpOptions = true,
            header = "Sustained votes per second through the three stream apps, as a share of Kafka's own ceiling.",
            description = {"Sustained votes per second in -> decisions out through the three stream apps (exactly-once v2), with",
                    "Ed25519-signed votes of registered agents: a generator keeps --concurrent proposals of --agents agents in flight",
                    "and checks that every proposal ends in exactly one decision. In the same run, the ceiling: Kafka Streams passing",
                    "the same records along the vote path (one hop when fused, two otherwise) with nothing in between, on the same broker.",
                    "--join-leave starts a second instance (another JVM) a third into the window and stops it two thirds in.",
                    "--soak runs at a fixed rate (default: half the maximum, measured first) and samples heap, state and lag."})
    static final class Throughput implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--agents", defaultValue = "10", description = "Agents per proposal (default: ${DEFAULT-VALUE}).")
        int agents;

        @picocli.CommandLine.Option(names = "--concurrent", defaultValue = "50", description = "Proposals in flight (default: ${DEFAULT-VALUE}).")
        int concurrent;

        @picocli.CommandLine.Option(names = "--duration", defaultValue = "30", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
        int duration;

        // A minute: the optimizing compiler needs 30-40 s of a phase on two cores before its code runs (decision 0104).
        @picocli.CommandLine.Option(names = "--warmup", defaultValue = "60", description = "Unmeasured seconds first, per phase (default: ${DEFAULT-VALUE}).")
        int warmup;

        @picocli.CommandLine.Option(names = "--repeat", defaultValue = "1", description = "Ceiling and Synod phases, alternating, this many times (default: ${DEFAULT-VALUE}).")
        int repeat;

        @picocli.CommandLine.Option(names = "--bootstrap", paramLabel = "SERVERS", description = "An external cluster instead of the embedded broker.")
        String bootstrap;

        @picocli.CommandLine.Option(names = "--embeddings", description = "Run the detector's embedding side path too (off: it would measure the model).")
        boolean embeddings;

        @picocli.CommandLine.Option(names = "--join-leave", description = "A second instance joins a third into each Synod window and leaves two thirds in.")
        boolean joinLeave;

        @picocli.CommandLine.Option(names = "--leave", defaultValue = "stop", description = "How the second instance leaves: stop (SIGTERM) or kill (SIGKILL) (default: ${DEFAULT-VALUE}).")
        String leave;

        @picocli.CommandLine.Option(names = "--broker", paramLabel = "KEY=VALUE", description = "A setting of the embedded broker (repeatable).")
        java.util.Map<String, String> broker = new java.util.LinkedHashMap<>();

        @picocli.CommandLine.Option(names = "--rate", defaultValue = "0", paramLabel = "VOTES", description = "After the closed-loop phases, a paced phase issuing proposals at this many votes/s.")
        double rate;

        @picocli.CommandLine.Option(names = "--half", description = "After the closed-loop phases, a paced phase at half the maximum they measured (latency at half load).")
        boolean half;

        @picocli.CommandLine.Option(names = "--soak", description = "The paced phase (--rate, default half the maximum) samples heap, state store bytes and consumer lag and judges them stable or not.")
        boolean soak;

        @picocli.CommandLine.Option(names = "--soak-seconds", defaultValue = "600", description = "Length of the soak phase (default: ${DEFAULT-VALUE}).")
        int soakSeconds;

        @picocli.CommandLine.Option(names = "--sample", defaultValue = "10", description = "Seconds between soak samples (default: ${DEFAULT-VALUE}).")
        int sample;

        @picocli.CommandLine.Option(names = "--voter-threads", defaultValue = "2", description = "Generator threads signing and sending votes (default: ${DEFAULT-VALUE}).")
        int voterThreads;

        @picocli.CommandLine.Option(names = "--unsigned", description = "Agents registered without public keys cast unsigned votes (the seed document's test signs nothing); default: every vote Ed25519-signed and verified.")
        boolean unsigned;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            if (agents < 1 || concurrent < 1 || duration < 3 || warmup < 0 || repeat < 1 || !(leave.equals("stop") || leave.equals("kill"))) {
                System.err.println("synod bench throughput: --agents and --concurrent must be positive, --duration at least 3, --leave stop or kill");
                return 2;
            }
            var options = new ThroughputBench.Options(agents, concurrent, warmup, duration, repeat, voterThreads, bootstrap, embeddings, joinLeave, leave, broker,
                    rate, half, soak, Math.max(1, sample), Math.max(10, soakSeconds), !unsigned);
            ThroughputBench.Result result = ThroughputBench.run(configOption.load(), options, System.err);
            ThroughputReport.print(result, System.out);
            return result.checksPassed() ? 0 : 1;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            header = "Decision time and memory against agents per proposal and open proposals.",
            description = {"Cost against size on the production processors and stores chained in process (no broker): the last vote of",
                    "a round of N agents -> its decision, and the heap held with 1..100,000 open proposals (run with -Xmx1g)."})
    static final class Scale implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--agents", split = ",", defaultValue = "10,100,1000,10000", description = "Agents per proposal (default: ${DEFAULT-VALUE}).")
        List<Integer> agents;

        @picocli.CommandLine.Option(names = "--open", split = ",", defaultValue = "1,10,100,1000,10000,100000", description = "Open proposals, cumulative (default: ${DEFAULT-VALUE}; empty to skip).")
        List<Integer> open;

        @picocli.CommandLine.Option(names = "--vocabulary", defaultValue = "2000", description = "Distinct words the agents' justifications draw from (default: ${DEFAULT-VALUE}; small is the worst case of copy detection).")
        int vocabulary;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            ScaleBench.print(ScaleBench.run(configOption.load(), agents, open == null ? List.of() : open, Math.max(2, vocabulary), System.err), System.out);
            return 0;
        }
    }

    @Command(name = "accuracy", mixinStandardHelpOptions = true,
            header = "Score Synod's decisions on datasets next to majority vote, the seed rule and Dawid-Skene.",
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
