package io.synod.app.replay;

import io.synod.app.ConfigOption;
import io.synod.app.ProgressLine;
import io.synod.config.SynodConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Backtest: replay recorded events through the production topologies.",
                "Feeds a JSON-lines file (plain or .gz) through the topologies' processors, chained in process without a",
                "broker or database, and writes the decisions. Deterministic: the same input and config give",
                "byte-identical output. Format: shared/contract/replay-format.md."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "EVENTS.jsonl", description = "Input events, one JSON object per line (.gz read directly).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DECISIONS.jsonl", description = "Where to write one line per final decision.")
    Path out;

    @Option(names = "--agents-out", paramLabel = "AGENTS.jsonl", description = "Where to write one line per agent at the end of input.")
    Path agentsOut;

    @Option(names = "--ballots-out", paramLabel = "BALLOTS.jsonl",
            description = "Where to write every final decision's ballots, one line each in decision order: who chose what, "
                    + "with what confidence, weight and suspicion, and the detector's reasons.")
    Path ballotsOut;

    @Option(names = "--rejected-out", paramLabel = "REJECTED.jsonl",
            description = "Where to write one line per rejection, in the order they are made: the refused event's input line, "
                    + "its reason and detail, as the live pipeline's rejection has them.")
    Path rejectedOut;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        SynodConfig config = configOption.load();
        ProgressLine progress = new ProgressLine(err);
        Replay.Result result;
        try (Writer rejected = rejectedOut == null ? null : Files.newBufferedWriter(rejectedOut, StandardCharsets.UTF_8)) {
            result = Replay.run(in, config, lines -> {
                if (progress.due()) {
                    progress.draw(String.format("replay: %,d lines, %.0f lines/s, %.0f s", lines, lines / progress.elapsedSeconds(),
                            progress.elapsedSeconds()));
                }
            }, rejected == null ? RejectedInput.Log.NONE : ReplayWriter.rejectionLog(rejected));
        } catch (Replay.ReplayInputException e) {
            progress.clear();
            err.println("synod replay: " + e.getMessage());
            return 2;
        }
        progress.clear();
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            ReplayWriter.writeDecisions(writer, result.results().decisions());
        }
        if (ballotsOut != null) {
            try (Writer writer = Files.newBufferedWriter(ballotsOut, StandardCharsets.UTF_8)) {
                ReplayWriter.writeBallots(writer, result.results().decisions());
            }
        }
        if (agentsOut != null) {
            try (Writer writer = Files.newBufferedWriter(agentsOut, StandardCharsets.UTF_8)) {
                ReplayWriter.writeAgents(writer, result.results().agents(), result.results().reputations(), Verdicts.from(config));
            }
        }
        Map<String, Long> rejections = result.results().rejections();
        long rejected = rejections.values().stream().mapToLong(Long::longValue).sum();
        err.printf(Locale.ROOT, "replayed %d lines in %.2f s (%.0f lines/s): %d decisions%n", result.lines(), result.nanos() / 1e9,
                result.linesPerSecond(), result.results().decisions().size());
        err.print(sinceStart(result.lines()));
        err.println("rejected: " + rejected + (rejected == 0 ? "" : " (" + rejections.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")"));
        return 0;
    }

    /**
     * The whole JVM's time beside the pipeline's: on a short input the JVM's start, the command line
     * and building the pipeline take about as long as the replay itself, and a rate that leaves them
     * out should not be the only one shown.
     */
    static String sinceStart(long lines) {
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        // Its own line, worded apart from the one above, which scripts parse for "lines/s".
        return seconds <= 0 ? "" : String.format(Locale.ROOT, "since the JVM started: %.2f s (%.0f input lines a second)%n", seconds,
                lines / seconds);
    }
}
