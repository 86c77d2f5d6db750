package io.synod.app.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Generate a dataset of honest and adversarial agents.",
                "Writes events.jsonl.gz, truth.jsonl, byzantine.json and useless.json in the replay format for a",
                "scenario. Deterministic for a given seed."})
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "mixed", description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ScenarioNames.class)
    String scenario;

    @Option(names = "--agents", defaultValue = "60", description = "Honest population size (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--proposals", defaultValue = "500", description = "Number of proposals (default: ${DEFAULT-VALUE}).")
    int proposals;

    @Option(names = "--votes", defaultValue = "10", description = "Honest votes per proposal (default: ${DEFAULT-VALUE}).")
    int votes;

    @Option(names = "--outcomes", defaultValue = "0.1", description = "Share of proposals with a ground-truth outcome event (default: ${DEFAULT-VALUE}).")
    double outcomes;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the dataset to.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Scenario chosen = Scenario.CATALOG.get(scenario);
        if (chosen == null) {
            System.err.println("synod simulate: unknown scenario '" + scenario + "'; known: " + String.join(", ", Scenario.CATALOG.keySet()));
            return 2;
        }
        if (agents < votes) {
            System.err.println("synod simulate: --agents must be at least --votes");
            return 2;
        }
        Simulation.Output output = new Simulation(chosen, agents, proposals, votes, outcomes, seed).run();
        write(output, out);
        System.out.printf("wrote %s: scenario %s (%s), %d events, %d proposals, %d Byzantine and %d useless agents%n", out, chosen.name(),
                chosen.description(), output.events().size(), output.truth().size(), output.byzantine().size(), output.useless().size());
        return 0;
    }

    static void write(Simulation.Output output, Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Files.createDirectories(dir);
        List<Map<String, Object>> ordered = output.events().stream()
                .sorted(Comparator.comparingLong(e -> ((Number) e.get("ts")).longValue())).toList();
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve("events.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (Map<String, Object> event : ordered) {
                writer.write(json.writeValueAsString(event));
                writer.write('\n');
            }
        }
        Files.writeString(dir.resolve("truth.jsonl"), output.truth().entrySet().stream()
                .map(e -> "{\"proposal\":\"" + e.getKey() + "\",\"truth\":\"" + e.getValue() + "\"}\n").collect(Collectors.joining()));
        Files.writeString(dir.resolve("byzantine.json"), json.writeValueAsString(output.byzantine()) + "\n");
        Files.writeString(dir.resolve("useless.json"), json.writeValueAsString(output.useless()) + "\n");
    }

    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Scenario.CATALOG.keySet().iterator();
        }
    }
}
