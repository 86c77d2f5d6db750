package io.synod.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Resolves ids through a Confluent-compatible schema registry REST API (Confluent, Apicurio's
 * ccompat endpoint, Karapace): {@code POST /subjects/{subject}/versions} and
 * {@code GET /schemas/ids/{id}}. Both directions are cached, so the registry is called once per
 * schema per process.
 */
public final class RegistrySchemaResolver implements SchemaResolver {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final HttpClient http;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public RegistrySchemaResolver(String baseUrl) {
        this.baseUri = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int idFor(String subject, Schema schema) {
        return ids.computeIfAbsent(subject + '\u0000' + schema.toString(), ignored -> register(subject, schema));
    }

    @Override
    public Schema schemaFor(int id) {
        return schemas.computeIfAbsent(id, this::fetch);
    }

    private int register(String subject, Schema schema) {
        try {
            String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
            JsonNode reply = call(HttpRequest.newBuilder(baseUri.resolve("subjects/" + encode(subject) + "/versions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            int id = reply.path("id").asInt(-1);
            if (id < 0) {
                throw new SerializationException("schema registry returned no id for subject " + subject + ": " + reply);
            }
            schemas.putIfAbsent(id, schema);
            return id;
        } catch (IOException e) {
            throw new SerializationException("cannot register schema for subject " + subject, e);
        }
    }

    private Schema fetch(int id) {
        JsonNode reply = call(HttpRequest.newBuilder(baseUri.resolve("schemas/ids/" + id)).GET());
        String text = reply.path("schema").asText(null);
        if (text == null) {
            throw new SerializationException("schema registry has no schema with id " + id);
        }
        return new Schema.Parser().parse(text);
    }

    private JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", CONTENT_TYPE)
                    .header("Accept", CONTENT_TYPE)
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new SerializationException("schema registry answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SerializationException("schema registry unreachable at " + baseUri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("interrupted while calling the schema registry", e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
