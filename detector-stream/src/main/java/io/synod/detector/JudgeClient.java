package io.synod.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An OpenAI-compatible chat-completions client that rates a batch of justifications in one call:
 * for each, how coherent it is (0..1) and whether it supports the option chosen. Asynchronous (the
 * JDK HttpClient's sendAsync), bounded by a request timeout; an unreadable answer fails the batch.
 */
final class JudgeClient {
    /** One justification to rate. */
    record Item(String proposal, String choice, String justification) {
    }

    /** The judge's rating of one item. */
    record Rating(double coherence, boolean supportsChoice) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTRUCTIONS = "You check votes in a decision system. For each numbered item you get a question, "
            + "the option an agent chose and the agent's justification. Rate how coherent the justification is (0 = nonsense or "
            + "off-topic, 1 = clear reasoning about the question) and say whether it actually argues for the chosen option. "
            + "Answer with only a JSON array, one object per item in order: [{\"coherence\":0.8,\"supports\":true}, ...].";

    private final HttpClient http;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;

    JudgeClient(String url, String model, String apiKey, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.endpoint = URI.create(url);
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    CompletableFuture<List<Rating>> rate(List<Item> items) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(items)));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("judge answered HTTP " + response.statusCode());
                    }
                    return parse(response.body(), items.size());
                });
    }

    private String body(List<Item> items) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            prompt.append(i + 1).append(". Question: ").append(item.proposal()).append("\n   Chosen option: ").append(item.choice())
                    .append("\n   Justification: ").append(item.justification()).append('\n');
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("temperature", 0);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", INSTRUCTIONS);
        messages.addObject().put("role", "user").put("content", prompt.toString());
        return root.toString();
    }

    static List<Rating> parse(String body, int expected) {
        try {
            String content = JSON.readTree(body).path("choices").path(0).path("message").path("content").asText();
            int start = content.indexOf('[');
            int end = content.lastIndexOf(']');
            if (start < 0 || end < start) {
                throw new IllegalStateException("no JSON array in the judge's answer");
            }
            JsonNode array = JSON.readTree(content.substring(start, end + 1));
            if (!array.isArray() || array.size() != expected) {
                throw new IllegalStateException("judge rated " + array.size() + " items, expected " + expected);
            }
            List<Rating> ratings = new ArrayList<>(expected);
            for (JsonNode node : array) {
                double coherence = Math.max(0.0, Math.min(1.0, node.path("coherence").asDouble(1.0)));
                ratings.add(new Rating(coherence, node.path("supports").asBoolean(true)));
            }
            return ratings;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable judge answer: " + e.getMessage(), e);
        }
    }
}
