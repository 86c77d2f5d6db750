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
        subcommands = {BenchCommand.Accuracy.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
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
