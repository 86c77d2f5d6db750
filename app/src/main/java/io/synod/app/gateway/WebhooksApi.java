package io.synod.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.events.DecisionStatuses;
import io.synod.keys.Keys;
import io.synod.schemas.WebhookSubscription;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** GET/POST /api/v1/webhooks and GET/DELETE /api/v1/webhooks/{id}. Secrets are shown once, when created. */
final class WebhooksApi {
    static final String WEBHOOKS = "/api/v1/webhooks";
    static final String WEBHOOK = "/api/v1/webhooks/{id}";
    static final Set<String> STATUSES = Set.copyOf(DecisionStatuses.ALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRegistry registry;

    WebhooksApi(WebhookRegistry registry) {
        this.registry = registry;
    }

    List<Route> routes() {
        return List.of(new Route("GET", WEBHOOKS, r -> list()), new Route("POST", WEBHOOKS, this::create),
                new Route("GET", WEBHOOK, this::get), new Route("DELETE", WEBHOOK, this::delete));
    }

    private Response list() {
        List<Map<String, Object>> all = new ArrayList<>();
        registry.all().stream().sorted(java.util.Comparator.comparing(WebhookSubscription::getId)).forEach(w -> all.add(describe(w)));
        return Response.json(200, Map.of("webhooks", all));
    }

    private Response get(Request request) {
        WebhookSubscription webhook = registry.get(request.path("id"));
        return webhook == null ? Response.error(404, "unknown_webhook", "no webhook " + request.path("id")) : Response.json(200, describe(webhook));
    }

    private Response create(Request request) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Response.error(400, "invalid_json", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject() || !body.path("url").isTextual()) {
            return Response.error(400, "invalid_webhook", "the body must be an object with a \"url\"");
        }
        String url = body.get("url").asText();
        String urlProblem = problemWithUrl(url);
        if (urlProblem != null) {
            return Response.error(400, "invalid_webhook", urlProblem);
        }
        String tenant = body.hasNonNull("tenant") ? body.get("tenant").asText() : null;
        if (tenant != null && Keys.problemWithTenant(tenant) != null) {
            return Response.error(400, "invalid_webhook", Keys.problemWithTenant(tenant));
        }
        List<String> statuses = new ArrayList<>();
        for (JsonNode status : body.path("statuses")) {
            if (!status.isTextual() || !STATUSES.contains(status.asText())) {
                return Response.error(400, "invalid_webhook", "statuses must be among " + new java.util.TreeSet<>(STATUSES));
            }
            statuses.add(status.asText());
        }
        String secret = body.hasNonNull("secret") ? body.get("secret").asText() : newSecret();
        if (secret.length() < 16) {
            return Response.error(400, "invalid_webhook", "secret must be at least 16 characters");
        }
        WebhookSubscription webhook = WebhookSubscription.newBuilder().setId("wh-" + UUID.randomUUID()).setUrl(url).setSecret(secret)
                .setTenant(tenant).setStatuses(statuses).setCreatedAtMs(System.currentTimeMillis()).build();
        registry.register(webhook);
        Map<String, Object> created = describe(webhook);
        created.put("secret", secret);
        return Response.json(201, created).withHeader("Location", WEBHOOKS + "/" + webhook.getId());
    }

    private Response delete(Request request) throws Exception {
        String id = request.path("id");
        if (registry.isConfigured(id)) {
            return Response.error(409, "configured_webhook", "webhook " + id + " comes from gateway.webhooks.urls; remove it there");
        }
        if (registry.get(id) == null) {
            return Response.error(404, "unknown_webhook", "no webhook " + id);
        }
        registry.remove(id);
        return Response.empty(204);
    }

    static String problemWithUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                return "url must be an absolute http or https URL";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "url is not a URL: " + e.getMessage();
        }
    }

    private Map<String, Object> describe(WebhookSubscription webhook) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", webhook.getId());
        json.put("url", webhook.getUrl());
        json.put("tenant", webhook.getTenant());
        json.put("statuses", webhook.getStatuses());
        json.put("createdAtMs", webhook.getCreatedAtMs());
        json.put("source", registry.isConfigured(webhook.getId()) ? "config" : "api");
        return json;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
