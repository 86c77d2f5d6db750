package io.synod.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A benchmark dataset in the layout of shared/data: events.jsonl.gz (the replay input),
 * truth.jsonl, and optionally byzantine.json and useless.json (honest-but-useless members, which
 * detection scoring ignores either way). The votes are read independently of the pipeline so
 * that the baselines do not share Synod's code.
 */
record Dataset(String name, Path events, List<Item> items, Map<String, String> truth, Set<String> byzantine, Set<String> useless) {

    record Vote(String agent, String choice, double confidence) {
    }

    record Item(String id, List<String> options, List<Vote> votes) {
    }

    static Dataset load(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path events = Files.exists(dir.resolve("events.jsonl.gz")) ? dir.resolve("events.jsonl.gz") : dir.resolve("events.jsonl");
        Map<String, Item> items = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                events.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(events)) : Files.newInputStream(events),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                String type = node.path("type").asText();
                String proposal = node.path("proposal").asText();
                if (type.equals("proposal")) {
                    List<String> options = new ArrayList<>();
                    node.path("options").forEach(o -> options.add(o.asText()));
                    items.put(proposal, new Item(proposal, options.isEmpty() ? List.of("approve", "reject") : options, new ArrayList<>()));
                } else if (type.equals("vote") && items.containsKey(proposal) && node.path("round").asInt(1) == 1) {
                    items.get(proposal).votes().add(new Vote(node.path("agent").asText(), node.path("choice").asText(),
                            node.path("confidence").asDouble(1.0)));
                }
            }
        }
        Map<String, String> truth = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("truth.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                truth.put(node.path("proposal").asText(), node.path("truth").asText());
            }
        }
        Set<String> byzantine = new HashSet<>();
        Path byzantineFile = dir.resolve("byzantine.json");
        if (Files.exists(byzantineFile)) {
            json.readTree(byzantineFile.toFile()).forEach(id -> byzantine.add(id.asText()));
        }
        Set<String> useless = new HashSet<>();
        Path uselessFile = dir.resolve("useless.json");
        if (Files.exists(uselessFile)) {
            json.readTree(uselessFile.toFile()).forEach(id -> useless.add(id.asText()));
        }
        return new Dataset(dir.getFileName().toString(), events, List.copyOf(items.values()), truth, byzantine, useless);
    }

    boolean hasByzantine() {
        return !byzantine.isEmpty();
    }
}
