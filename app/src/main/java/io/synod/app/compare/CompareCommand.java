package io.synod.app.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.keys.Keys;
import io.synod.stats.SignTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare two replays' decisions: what a policy or configuration change changed, and whether it helped.",
        description = {"Reads two DECISIONS.jsonl files (synod replay --out), matches them by tenant and proposal, and counts and",
                "lists the proposals whose decision or status differs. With --truth (one {\"proposal\":..., \"truth\":...} per line,",
                "optional \"tenant\", as in shared/data) it scores both sides, a missing or null decision counting as wrong, and",
                "marks each change won or lost. With --agents-before and --agents-after (the replays' --agents-out) it lists the",
                "agents the change newly treats as Byzantine and those it clears. The last line printed is one JSON object."})
public final class CompareCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "BEFORE.jsonl", description = "Decisions of the replay to compare against (the baseline).")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER.jsonl", description = "Decisions of the replay with the change.")
    Path after;

    @Option(names = "--truth", paramLabel = "TRUTH.jsonl", description = "The true option of some or all proposals.")
    Path truth;

    @Option(names = "--agents-before", paramLabel = "AGENTS.jsonl", description = "The baseline replay's --agents-out, to compare verdicts.")
    Path agentsBefore;

    @Option(names = "--agents-after", paramLabel = "AGENTS.jsonl", description = "The changed replay's --agents-out.")
    Path agentsAfter;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "How many changed proposals to list, won and lost first (default: ${DEFAULT-VALUE}).")
    int show;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (show < 0) {
            throw new ParameterException(spec.commandLine(), "--show must be 0 or more, got " + show);
        }
        if ((agentsBefore == null) != (agentsAfter == null)) {
            throw new ParameterException(spec.commandLine(), "--agents-before and --agents-after go together");
        }
        List<DecisionComparison.Decided> was = decisions(before);
        List<DecisionComparison.Decided> now = decisions(after);
        Map<String, String> known = truth == null ? Map.of() : truth(truth);
        DecisionComparison.Result result = DecisionComparison.compare(was, now, known);
        VerdictComparison.Result verdicts = agentsBefore == null ? null : VerdictComparison.compare(verdicts(agentsBefore), verdicts(agentsAfter));
        print(spec.commandLine().getOut(), result, verdicts);
        return 0;
    }

    private void print(PrintWriter out, DecisionComparison.Result r, VerdictComparison.Result v) {
        out.printf(Locale.ROOT, "before: %s (%d decisions)   after: %s (%d decisions)%n", before, r.before(), after, r.after());
        out.printf(Locale.ROOT, "only before: %d   only after: %d   decision changed: %d   status changed: %d%n", r.onlyBefore(), r.onlyAfter(),
                r.decisionChanged(), r.statusChanged());
        double lostByChance = SignTest.noWorseLosesAtLeast(r.won(), r.lost());
        if (truth != null) {
            out.printf(Locale.ROOT, "truth for %d: before %.4f, after %.4f (%+.2f pp): %d won, %d lost%n", r.judged(), r.accuracyBefore(),
                    r.accuracyAfter(), 100 * (r.accuracyAfter() - r.accuracyBefore()), r.won(), r.lost());
            if (r.lost() > 0) {
                // A change that moves near-ties wins and loses them about equally: say how telling its losses are.
                out.printf(Locale.ROOT, "sign test: a change no worse than before loses at least %d of %d moved proposals with p %.3g%n", r.lost(),
                        r.won() + r.lost(), lostByChance);
            }
        }
        List<DecisionComparison.Change> listed = new ArrayList<>(r.changes());
        // Won and lost first: with a truth file, those are the changes a reader came for.
        listed.sort((a, b) -> Boolean.compare(b.gain() != 0, a.gain() != 0));
        if (!listed.isEmpty() && show > 0) {
            out.printf(Locale.ROOT, "%nchanged (%d of %d):%n", Math.min(show, listed.size()), listed.size());
            out.printf(Locale.ROOT, "  %-12s %-16s %-26s %-26s %-12s%n", "tenant", "proposal", "before", "after", truth == null ? "" : "truth");
            for (DecisionComparison.Change change : listed.subList(0, Math.min(show, listed.size()))) {
                out.printf(Locale.ROOT, "  %-12s %-16s %-26s %-26s %-12s %s%n", change.tenant(), change.proposal(), side(change.before()),
                        side(change.after()), change.truth() == null ? "" : change.truth(),
                        change.gain() > 0 ? "won" : change.gain() < 0 ? "lost" : "");
            }
        }
        if (v != null) {
            printVerdicts(out, v);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("compare", "decisions");
        summary.put("before", r.before());
        summary.put("after", r.after());
        summary.put("onlyBefore", r.onlyBefore());
        summary.put("onlyAfter", r.onlyAfter());
        summary.put("decisionChanged", r.decisionChanged());
        summary.put("statusChanged", r.statusChanged());
        if (truth != null) {
            summary.put("judged", r.judged());
            summary.put("accuracyBefore", round(r.accuracyBefore()));
            summary.put("accuracyAfter", round(r.accuracyAfter()));
            summary.put("won", r.won());
            summary.put("lost", r.lost());
            summary.put("lostByChance", lostByChance);
        }
        if (v != null) {
            summary.put("byzantineBefore", v.flaggedBefore());
            summary.put("byzantineAfter", v.flaggedAfter());
            summary.put("newlyByzantine", v.newlyFlagged());
            summary.put("cleared", v.cleared());
        }
        try {
            out.println(JSON.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private void printVerdicts(PrintWriter out, VerdictComparison.Result v) {
        out.printf(Locale.ROOT, "%nagents treated as Byzantine: %d before, %d after: %d newly, %d cleared%n", v.flaggedBefore(),
                v.flaggedAfter(), v.newlyFlagged(), v.cleared());
        List<VerdictComparison.Change> listed = v.changes().subList(0, Math.min(show, v.changes().size()));
        for (VerdictComparison.Change change : listed) {
            out.printf(Locale.ROOT, "  %-12s %-20s %-9s reputation %s -> %s%n", change.tenant(), change.agent(),
                    change.flagged() ? "flagged" : "cleared", reputation(change.before()), reputation(change.after()));
        }
    }

    private static String reputation(VerdictComparison.Verdict verdict) {
        return verdict == null ? "-" : String.format(Locale.ROOT, "%.2f", verdict.reputation());
    }

    private List<VerdictComparison.Verdict> verdicts(Path file) {
        return jsonLines(file, (node, where) -> {
            String agent = text(node, "agent");
            if (agent == null || !node.path("byzantine").isBoolean()) {
                throw new ParameterException(spec.commandLine(),
                        where + ": not an agent line (needs agent as a string and byzantine as true or false)");
            }
            return new VerdictComparison.Verdict(tenant(node), agent, node.get("byzantine").booleanValue(),
                    node.path("reputation").asDouble(Double.NaN));
        });
    }

    private static String side(DecisionComparison.Decided decided) {
        return decided == null ? "(none)" : decided.status() + " " + (decided.decision() == null ? "-" : decided.decision());
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private List<DecisionComparison.Decided> decisions(Path file) {
        return jsonLines(file, (node, where) -> {
            String proposal = text(node, "proposal");
            String status = text(node, "status");
            JsonNode decision = node.path("decision");
            if (proposal == null || status == null || !(decision.isNull() || decision.isTextual())) {
                throw new ParameterException(spec.commandLine(),
                        where + ": not a decision (needs proposal and status as strings, decision a string or null)");
            }
            return new DecisionComparison.Decided(tenant(node), proposal, status, decision.isNull() ? null : decision.textValue());
        });
    }

    private Map<String, String> truth(Path file) {
        Map<String, String> known = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : jsonLines(file, (node, where) -> {
            String proposal = text(node, "proposal");
            String value = text(node, "truth");
            if (proposal == null || value == null) {
                throw new ParameterException(spec.commandLine(), where + ": needs proposal and truth as strings");
            }
            return Map.entry(Keys.of(tenant(node), proposal), value);
        })) {
            known.put(entry.getKey(), entry.getValue());
        }
        return known;
    }

    /** Each non-blank line of {@code file} as a JSON object, read by {@code read} with where it stands ("FILE line N") for its errors. */
    private <T> List<T> jsonLines(Path file, BiFunction<JsonNode, String, T> read) {
        List<T> values = new ArrayList<>();
        int number = 0;
        for (String line : lines(file)) {
            number++;
            if (!line.isBlank()) {
                values.add(read.apply(object(file, number, line), file + " line " + number));
            }
        }
        return values;
    }

    private List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
        }
    }

    private JsonNode object(Path file, int number, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below, with the line
        }
        throw new ParameterException(spec.commandLine(), file + " line " + number + ": not a JSON object");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static String tenant(JsonNode node) {
        String tenant = text(node, "tenant");
        return tenant == null ? Keys.DEFAULT_TENANT : tenant;
    }
}
