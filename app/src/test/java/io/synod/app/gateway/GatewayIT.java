package io.synod.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.runtime.Directories;
import io.synod.config.SynodConfig;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.schemas.WebhookDeadLetter;
import io.synod.sdk.AgentRunner;
import io.synod.sdk.AgentVote;
import io.synod.testsupport.SharedSynod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST gateway against the embedded broker, with local webhook receivers. */
class GatewayIT {
    private static final String TENANT = "gw";
    private static final String SECRET = "configured-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SharedSynod synod;
    private static FakeWebhookReceiver receiver;
    private static FakeWebhookReceiver failing;
    private static Gateway gateway;
    private static final List<AgentRunner> agents = new ArrayList<>();
    private static final List<Path> stateDirs = new ArrayList<>();

    @BeforeAll
    static void startGateway() throws Exception {
        synod = SharedSynod.get();
        receiver = new FakeWebhookReceiver(204);
        failing = new FakeWebhookReceiver(500);
        synod.registerAndAwait(TENANT, List.of("g1", "g2"), Map.of());
        for (String agent : List.of("g1", "g2")) {
            agents.add(AgentRunner.builder(TENANT, agent, round -> AgentVote.of("approve", 0.9, agent + " checked " + round.getProposalId()))
                    .kafka(synod.kafka()).build().start());
        }
        gateway = Gateway.start(gatewayConfig(Map.of("gateway.webhooks.urls", receiver.url(), "gateway.webhooks.secret", SECRET)),
                synod.topics(), 0);
    }

    @AfterAll
    static void stopGateway() {
        agents.forEach(AgentRunner::close);
        if (gateway != null) {
            gateway.close();
        }
        receiver.close();
        failing.close();
        stateDirs.forEach(Directories::deleteRecursively);
    }

    private static SynodConfig gatewayConfig(Map<String, String> extra) throws Exception {
        Path state = Files.createTempDirectory("gateway-it-");
        stateDirs.add(state);
        return synod.config().with(Map.of("streams.state.dir", state.toString(), "gateway.webhooks.max.attempts", "3",
                "gateway.webhooks.backoff.initial.ms", "100", "gateway.webhooks.backoff.max.ms", "1000",
                "gateway.webhooks.timeout.ms", "2000")).with(extra);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(gateway, method, path, body, null);
    }

    private static HttpResponse<String> send(Gateway target, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.localUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitState(String path, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", path, null);
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (state.equals(last.path("state").asText())) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("state of " + path + " never became " + state + "; last: " + last);
    }

    @Test
    void shouldAcceptAProposalAndServeItsDecision() throws Exception {
        HttpResponse<String> accepted = send("POST", "/api/v1/consensus/propose",
                "{\"type\":\"proposal\",\"proposal\":\"gw-1\",\"tenant\":\"gw\",\"text\":\"Ship?\",\"options\":[\"approve\",\"reject\"],"
                        + "\"participants\":[\"g1\",\"g2\"],\"policy\":{\"minParticipants\":2},\"ts\":123}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        assertThat(body.path("proposal").asText()).isEqualTo("gw-1");
        assertThat(body.path("statusUrl").asText()).isEqualTo("/api/v1/consensus/gw-1?tenant=gw");
        assertThat(accepted.headers().firstValue("Location")).contains("/api/v1/consensus/gw-1?tenant=gw");
        JsonNode closed = awaitState(body.path("statusUrl").asText(), "closed");
        assertThat(closed.path("decision").path("status").asText()).isEqualTo("achieved");
        assertThat(closed.path("decision").path("decision").asText()).isEqualTo("approve");
        assertThat(closed.path("round").asInt()).isEqualTo(1);
        assertThat(closed.has("ballots")).as("only when asked").isFalse();
        JsonNode withBallots = JSON.readTree(send("GET", "/api/v1/consensus/gw-1?tenant=gw&ballots=true", null).body());
        assertThat(withBallots.path("ballots")).extracting(b -> b.path("agent").asText()).containsExactlyInAnyOrder("g1", "g2");
        assertThat(withBallots.path("ballots")).allSatisfy(b -> {
            assertThat(b.path("choice").asText()).isEqualTo("approve");
            assertThat(b.path("weight").asDouble()).isPositive();
        });
    }

    @Test
    void shouldRefuseBadInputWithAClearError() throws Exception {
        Map<String, String> cases = Map.of(
                "{not json", "invalid_json",
                "[1,2]", "invalid_json",
                "{\"proposal\":\"b1\",\"policy\":{\"threshold\":0.3}}", "invalid_policy",
                "{\"proposal\":\"b2\",\"policy\":{\"maxRounds\":\"five\"}}", "invalid_policy",
                "{\"proposal\":\"b3\",\"options\":[\"yes\",\"abstain\"]}", "invalid_options",
                "{\"proposal\":\"b4\",\"tenant\":\"a/b\"}", "invalid_id",
                "{\"proposal\":\"b5\",\"participants\":\"g1\"}", "invalid_event",
                "{\"type\":\"vote\",\"proposal\":\"b6\"}", "invalid_event");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = send("POST", "/api/v1/consensus/propose", bad.getKey());

            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("error").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(error.path("detail").asText()).as(bad.getKey()).isNotBlank();
        }
    }

    @Test
    void shouldRefuseADuplicateProposal() throws Exception {
        String proposal = "{\"proposal\":\"gw-dup\",\"tenant\":\"gw\",\"participants\":[\"g1\",\"g2\"],\"policy\":{\"minParticipants\":2}}";
        assertThat(send("POST", "/api/v1/consensus/propose", proposal).statusCode()).isEqualTo(202);

        HttpResponse<String> again = send("POST", "/api/v1/consensus/propose", proposal);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("error").asText()).isEqualTo("duplicate_proposal");
    }

    @Test
    void shouldAnswerNotFoundAndMethodNotAllowedAsJson() throws Exception {
        HttpResponse<String> unknown = send("GET", "/api/v1/consensus/nope?tenant=gw", null);
        HttpResponse<String> wrongMethod = send("DELETE", "/api/v1/consensus/propose", null);
        HttpResponse<String> noRoute = send("GET", "/api/v2/anything", null);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("unknown_proposal");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow").orElse("")).contains("POST");
        assertThat(noRoute.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDeliverEachDecisionSignedToTheConfiguredWebhook() throws Exception {
        assertThat(send("POST", "/api/v1/consensus/propose",
                "{\"proposal\":\"gw-hook\",\"tenant\":\"gw\",\"participants\":[\"g1\",\"g2\"],\"policy\":{\"minParticipants\":2}}").statusCode())
                .isEqualTo(202);

        FakeWebhookReceiver.Received delivery = awaitDeliveries(receiver, "gw-hook", 1).get(0);

        long timestamp = Long.parseLong(delivery.header(WebhookSigner.TIMESTAMP_HEADER));
        assertThat(WebhookSigner.verify(SECRET, timestamp, delivery.body(), delivery.header(WebhookSigner.SIGNATURE_HEADER))).isTrue();
        assertThat(WebhookSigner.verify("another-secret-0123456", timestamp, delivery.body(), delivery.header(WebhookSigner.SIGNATURE_HEADER)))
                .isFalse();
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.path("type").asText()).isEqualTo("decision");
        assertThat(body.path("decision").path("decision").asText()).isEqualTo("approve");
        assertThat(delivery.header(WebhookSigner.DELIVERY_HEADER)).isEqualTo(body.path("deliveryId").asText()).endsWith(":config-1");
        Thread.sleep(500);
        assertThat(receiver.forProposal("gw-hook")).hasSize(1);
    }

    @Test
    void shouldRetryWithBackoffThenDeadLetterAfterTheLastAttempt() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/webhooks",
                "{\"url\":\"" + failing.url() + "\",\"tenant\":\"gw-dlq\",\"secret\":\"failing-secret-0123456789\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        // No agent in tenant gw-dlq: the proposal fails at once (min_participants), a decision to deliver.
        assertThat(send("POST", "/api/v1/consensus/propose", "{\"proposal\":\"gw-fail\",\"tenant\":\"gw-dlq\"}").statusCode()).isEqualTo(202);

        List<FakeWebhookReceiver.Received> attempts = awaitDeliveries(failing, "gw-fail", 3);
        WebhookDeadLetter letter = awaitDeadLetter("gw-dlq/gw-fail");

        assertThat(attempts).extracting(r -> r.header(WebhookSigner.DELIVERY_HEADER)).containsOnly(letter.getDeliveryId());
        assertThat(attempts.get(2).atMs() - attempts.get(1).atMs()).isGreaterThan(attempts.get(1).atMs() - attempts.get(0).atMs());
        assertThat(letter.getAttempts()).isEqualTo(3);
        assertThat(letter.getLastStatusCode()).isEqualTo(500);
        assertThat(letter.getWebhookId()).isEqualTo(JSON.readTree(created.body()).path("id").asText());
        assertThat(JSON.readTree(letter.getPayload()).path("decision").path("status").asText()).isEqualTo("failed");
        Thread.sleep(500);
        assertThat(failing.forProposal("gw-fail")).hasSize(3);
    }

    @Test
    void shouldRegisterListAndRemoveWebhooks() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/x\",\"statuses\":[\"achieved\"]}");
        JsonNode webhook = JSON.readTree(created.body());
        String id = webhook.path("id").asText();

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(webhook.path("secret").asText()).hasSizeGreaterThanOrEqualTo(32);
        String listed = send("GET", "/api/v1/webhooks", null).body();
        assertThat(listed).contains(id, "config-1").doesNotContain(webhook.path("secret").asText()).doesNotContain(SECRET);
        assertThat(send("DELETE", "/api/v1/webhooks/config-1", null).statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/api/v1/webhooks/" + id, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/webhooks", "{\"url\":\"ftp://example.org\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/webhooks", "{\"url\":\"http://example.org\",\"statuses\":[\"won\"]}").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldDescribeInOpenApiExactlyTheRoutesItServes() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/openapi.json", null);
        JsonNode document = JSON.readTree(response.body());
        Set<String> described = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(described).isEqualTo(new TreeSet<>(gateway.routeSignatures()));
    }

    @Test
    void shouldShowAProposalsRejectionAlsoAfterRebuildingItsIndex() throws Exception {
        // Published around the gateway, so only the coordinator can refuse it; a vote for it is refused on the same key.
        try (KafkaProducer<String, Proposal> producer = new KafkaProducer<>(synod.kafka(), synod.topics().proposals.keySerde().serializer(),
                synod.topics().proposals.valueSerde().serializer());
             KafkaProducer<String, Vote> votes = new KafkaProducer<>(synod.kafka(), synod.topics().votes.keySerde().serializer(),
                     synod.topics().votes.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(synod.topics().proposals.name(), "gw/gw-refused", Proposal.newBuilder().setEventId("x")
                    .setTenant(TENANT).setProposalId("gw-refused").setOptions(List.of())
                    .setPolicy(Policy.newBuilder().setThreshold(0.2).build()).setProposedAtMs(System.currentTimeMillis()).build())).get();
            awaitState("/api/v1/consensus/gw-refused?tenant=gw", "rejected");
            votes.send(new ProducerRecord<>(synod.topics().votes.name(), "gw/gw-refused", Vote.newBuilder().setEventId("v").setTenant(TENANT)
                    .setProposalId("gw-refused").setAgentId("g1").setChoice("approve").setCastAtMs(System.currentTimeMillis()).build())).get();
        }
        Thread.sleep(1_000);

        try (Gateway rebuilt = Gateway.start(gatewayConfig(Map.of()), synod.topics(), 0)) {
            JsonNode status = JSON.readTree(send(rebuilt, "GET", "/api/v1/consensus/gw-refused?tenant=gw", null, null).body());

            assertThat(status.path("state").asText()).isEqualTo("rejected");
            assertThat(status.path("rejection").path("reason").asText()).isEqualTo("invalid_policy");
        }
    }

    @Test
    void shouldRequireTheBearerTokenWhenOneIsConfigured() throws Exception {
        try (Gateway guarded = Gateway.start(gatewayConfig(Map.of("gateway.auth.token", "s3cret-token")), synod.topics(), 0)) {
            assertThat(send(guarded, "GET", "/api/v1/consensus/gw-1?tenant=gw", null, null).statusCode()).isEqualTo(401);
            assertThat(send(guarded, "GET", "/api/v1/consensus/gw-1?tenant=gw", null, "wrong").statusCode()).isEqualTo(401);
            assertThat(send(guarded, "GET", "/api/v1/webhooks", null, "s3cret-token").statusCode()).isEqualTo(200);
            assertThat(send(guarded, "GET", "/api/v1/openapi.json", null, null).statusCode()).isEqualTo(200);
        }
    }

    private static List<FakeWebhookReceiver.Received> awaitDeliveries(FakeWebhookReceiver target, String proposal, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (target.forProposal(proposal).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(target.forProposal(proposal)).as("deliveries of %s", proposal).hasSizeGreaterThanOrEqualTo(count);
        return target.forProposal(proposal);
    }

    private static WebhookDeadLetter awaitDeadLetter(String key) {
        Properties props = synod.kafka();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-it-dlq-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, WebhookDeadLetter> consumer = new KafkaConsumer<>(props, synod.topics().webhooksDlq.keySerde().deserializer(),
                synod.topics().webhooksDlq.valueSerde().deserializer())) {
            consumer.subscribe(List.of(synod.topics().webhooksDlq.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, WebhookDeadLetter> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + key);
    }
}
