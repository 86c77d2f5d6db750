package io.synod.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.ProgressLine;
import io.synod.app.replay.Replay;
import io.synod.app.replay.ReplayWriter;
import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.stats.SignTest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replays each dataset through Synod's default policy and scores it next to baselines computed in
 * the same run from the same votes. A missing or null decision counts as wrong.
 */
final class AccuracyBench {

    /**
     * @param won  proposals decided right with the detector on and wrong with it off
     * @param lost proposals decided right with the detector off and wrong with it on
     */
    record Row(String dataset, int proposals, double synod, double detectorOff, int won, int lost, double majority, double seed,
               double dawidSkene, Detection detection, double linesPerSecond) {
        /** Proposals decided right with the detector on minus with it off: issue 7 asks that this is never negative. */
        long detectorGain() {
            return won - lost;
        }

        /** The sign test's chance that a detector no worse than off loses at least this many of the proposals it moved. */
        double behindByChance() {
            return SignTest.noWorseLosesAtLeast(won, lost);
        }
    }

    /** Below this a dataset's losses to "detector off" are more than near-ties falling either way explain. */
    static final double BEHIND_SIGNIFICANCE = 0.05;

    /** The same configuration with every detection method switched off: the baseline "detector on" must never fall below. */
    static SynodConfig detectorOff(SynodConfig config) {
        return config.with(Map.of("detector.calibration.enabled", "false", "detector.quality.enabled", "false",
                "detector.reputation.enabled", "false", "detector.patterns.enabled", "false", "detector.cross.enabled", "false"));
    }

    private AccuracyBench() {
    }

    static Row run(Path dir, SynodConfig config) throws Exception {
        Dataset data = Dataset.load(dir);
        Replay.Result result = Replay.run(data.events(), config, lines -> { });
        Set<String> right = right(data, result);
        Set<String> rightOff = right(data, Replay.run(data.events(), detectorOff(config), lines -> { }));
        int won = (int) right.stream().filter(proposal -> !rightOff.contains(proposal)).count();
        int lost = (int) rightOff.stream().filter(proposal -> !right.contains(proposal)).count();
        ReplayWriter.AgentVerdict verdict = io.synod.app.replay.Verdicts.from(config);
        Set<String> flagged = new HashSet<>();
        Set<String> agents = new HashSet<>();
        result.results().agents().keySet().forEach(key -> agents.add(Keys.idOf(key)));
        result.results().reputations().forEach((key, reputation) -> {
            agents.add(Keys.idOf(key));
            if (verdict.isByzantine(reputation)) {
                flagged.add(Keys.idOf(key));
            }
        });
        agents.removeAll(data.useless());
        flagged.removeAll(data.useless());
        Detection detection = data.hasByzantine() ? Detection.of(flagged, data.byzantine(), agents) : null;
        return new Row(data.name(), data.truth().size(), (double) right.size() / data.truth().size(),
                (double) rightOff.size() / data.truth().size(), won, lost, Baselines.accuracy(data, Baselines.majority(data)), Baselines.accuracy(data, Baselines.seedRule(data)),
                Baselines.accuracy(data, Baselines.dawidSkene(data, 50)), detection, result.linesPerSecond());
    }

    /** The proposals with a known truth that the replay decided right. */
    private static Set<String> right(Dataset data, Replay.Result result) {
        Map<String, String> decided = new HashMap<>();
        for (Decision decision : result.results().decisions()) {
            decided.put(decision.getProposalId(), decision.getDecision());
        }
        return data.truth().entrySet().stream().filter(e -> e.getValue().equals(decided.get(e.getKey()))).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    static void print(List<Row> rows, PrintStream out) throws Exception {
        out.printf("%-20s %9s %7s %7s %9s %7s %9s %6s %6s %7s %11s%n", "dataset", "proposals", "synod", "det.off", "majority", "seed",
                "DS(off)", "det.P", "det.R", "det.FPR", "replay l/s");
        for (Row row : rows) {
            Detection d = row.detection();
            out.printf("%-20s %9d %7.4f %7.4f %9.4f %7.4f %9.4f %6s %6s %7s %11.0f%n", row.dataset(), row.proposals(), row.synod(), row.detectorOff(),
                    row.majority(), row.seed(), row.dawidSkene(),
                    d == null ? "-" : String.format("%.3f", d.precision()), d == null ? "-" : String.format("%.3f", d.recall()),
                    d == null ? "-" : String.format("%.4f", d.falsePositiveRate()), row.linesPerSecond());
        }
        double synod = mean(rows, Row::synod);
        double majority = mean(rows, Row::majority);
        double seed = mean(rows, Row::seed);
        double ds = mean(rows, Row::dawidSkene);
        double off = mean(rows, Row::detectorOff);
        out.printf("%-20s %9s %7.4f %7.4f %9.4f %7.4f %9.4f%n", "mean", "", synod, off, majority, seed, ds);
        List<Row> behindRows = rows.stream().filter(row -> row.detectorGain() < 0).toList();
        Map<String, Long> behind = new LinkedHashMap<>();
        behindRows.forEach(row -> behind.put(row.dataset(), row.detectorGain()));
        out.printf("detector on behind detector off: %d of %d datasets%s%n", behind.size(), rows.size(), listed(behindRows, "proposals: "));
        List<Row> significantlyBehind = rows.stream().filter(row -> row.behindByChance() < BEHIND_SIGNIFICANCE).toList();
        out.printf(Locale.ROOT, "behind beyond chance (one-sided sign test over the proposals the detector moved, p < %.2f): %d of %d datasets%s%n",
                BEHIND_SIGNIFICANCE, significantlyBehind.size(), rows.size(), listed(significantlyBehind, ""));
        int won = rows.stream().mapToInt(Row::won).sum();
        int lost = rows.stream().mapToInt(Row::lost).sum();
        double lostByChance = SignTest.noWorseLosesAtLeast(won, lost);
        out.printf(Locale.ROOT, "proposals the detector moved, all datasets: %d won, %d lost (sign test p %.3g)%n", won, lost, lostByChance);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bench", "accuracy");
        summary.put("value", round(synod));
        summary.put("baseline", round(ds));
        summary.put("ratio", round(ds == 0 ? 0 : synod / ds));
        summary.put("detectorOff", round(off));
        summary.put("detectorBehindOff", behind);
        Map<String, Double> significant = new LinkedHashMap<>();
        significantlyBehind.forEach(row -> significant.put(row.dataset(), row.behindByChance()));
        summary.put("detectorBehindOffBeyondChance", significant);
        summary.put("detectorWon", won);
        summary.put("detectorLost", lost);
        summary.put("detectorLostByChance", lostByChance);
        summary.put("majority", round(majority));
        summary.put("seed", round(seed));
        summary.put("dawidSkeneOffline", round(ds));
        List<Row> withDetection = rows.stream().filter(r -> r.detection() != null).toList();
        if (!withDetection.isEmpty()) {
            int tp = withDetection.stream().mapToInt(r -> r.detection().truePositives()).sum();
            int fp = withDetection.stream().mapToInt(r -> r.detection().falsePositives()).sum();
            int pos = withDetection.stream().mapToInt(r -> r.detection().positives()).sum();
            int neg = withDetection.stream().mapToInt(r -> r.detection().negatives()).sum();
            Detection pooled = new Detection(tp, fp, pos, neg);
            summary.put("detectionPrecision", round(pooled.precision()));
            summary.put("detectionRecall", round(pooled.recall()));
            summary.put("detectionFalsePositiveRate", round(pooled.falsePositiveRate()));
        }
        summary.put("replayLinesPerSecond", Math.round(mean(rows, Row::linesPerSecond)));
        Map<String, Object> perDataset = new LinkedHashMap<>();
        for (Row row : rows) {
            perDataset.put(row.dataset(), round(row.synod()));
        }
        summary.put("datasets", perDataset);
        out.println(new ObjectMapper().writeValueAsString(summary));
    }

    /** " (sentiment-bloc33 -2 [0 won, 2 lost, p 0.250], ...)", or nothing for no rows. */
    private static String listed(List<Row> rows, String label) {
        return rows.isEmpty() ? "" : rows.stream()
                .map(row -> String.format(Locale.ROOT, "%s %d [%d won, %d lost, p %.3g]", row.dataset(), row.detectorGain(), row.won(), row.lost(),
                        row.behindByChance()))
                .collect(Collectors.joining(", ", " (" + label, ")"));
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> metric) {
        return rows.stream().mapToDouble(metric).average().orElse(0.0);
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }

    static List<Row> runAll(List<Path> dirs, SynodConfig config, PrintStream progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        ProgressLine line = new ProgressLine(progress);
        for (Path dir : dirs) {
            line.draw("bench accuracy: " + dir.getFileName());
            rows.add(run(dir, config));
        }
        line.clear();
        return rows;
    }
}
