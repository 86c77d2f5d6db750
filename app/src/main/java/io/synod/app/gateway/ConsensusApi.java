package io.synod.app.gateway;

import io.synod.app.json.DecisionJson;
import io.synod.app.json.InvalidProposalException;
import io.synod.app.json.ProposalJson;
import io.synod.keys.Keys;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.sdk.ProposalRequest;
import io.synod.sdk.ProposalStatus;
import io.synod.topics.Topics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** POST /api/v1/consensus/propose and GET /api/v1/consensus/{id}. */
final class ConsensusApi {
    static final String PROPOSE = "/api/v1/consensus/propose";
    static final String STATUS = "/api/v1/consensus/{id}";
    /** How long this instance answers "pending" for what it accepted before its index shows it. */
    private static final long RECENT_MS = 60_000;

    private final Topics topics;
    private final Policy defaults;
    private final KafkaProducer<String, Proposal> producer;
    private final StatusIndex index;
    private final Map<String, Proposal> recentlyAccepted = new ConcurrentHashMap<>();

    ConsensusApi(Topics topics, Policy defaults, KafkaProducer<String, Proposal> producer, StatusIndex index) {
        this.topics = topics;
        this.defaults = defaults;
        this.producer = producer;
        this.index = index;
    }

    List<Route> routes() {
        return List.of(new Route("POST", PROPOSE, this::propose), new Route("GET", STATUS, this::status));
    }

    private Response propose(Request request) throws Exception {
        ProposalRequest proposal;
        try {
            proposal = ProposalJson.parse(request.body(), defaults);
        } catch (InvalidProposalException e) {
            return Response.error(400, e.code(), e.getMessage());
        }
        if (!index.ready()) {
            return Response.error(503, "not_ready", "the gateway is still loading the proposal index; retry shortly");
        }
        String key = proposal.key();
        if (recentlyAccepted.containsKey(key) || index.status(proposal.tenant(), proposal.proposalId()).state() != ProposalStatus.State.UNKNOWN) {
            return Response.error(409, "duplicate_proposal", "proposal " + proposal.proposalId() + " of tenant " + proposal.tenant()
                    + " already exists; see " + statusUrl(proposal.tenant(), proposal.proposalId()));
        }
        long now = System.currentTimeMillis();
        Proposal event = proposal.toProposal("gateway-" + UUID.randomUUID(), now);
        forgetOld(now);
        recentlyAccepted.put(key, event);
        try {
            producer.send(new ProducerRecord<>(topics.proposals.name(), null, now, key, event)).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            recentlyAccepted.remove(key);
            return Response.error(503, "unavailable", "Kafka did not acknowledge the proposal: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("proposal", proposal.proposalId());
        body.put("tenant", proposal.tenant());
        body.put("state", ProposalStatus.State.PENDING.code());
        String url = statusUrl(proposal.tenant(), proposal.proposalId());
        body.put("statusUrl", url);
        return Response.json(202, body).withHeader("Location", url);
    }

    private Response status(Request request) {
        String tenant = request.query("tenant", Keys.DEFAULT_TENANT);
        String id = request.path("id");
        String problem = Keys.problemWithTenant(tenant);
        problem = problem != null ? problem : Keys.problemWithId("proposal", id);
        if (problem != null) {
            return Response.error(400, "invalid_id", problem);
        }
        if (!index.ready()) {
            return Response.error(503, "not_ready", "the gateway is still loading the proposal index; retry shortly");
        }
        ProposalStatus status = index.status(tenant, id);
        if (status.state() == ProposalStatus.State.UNKNOWN) {
            Proposal accepted = recentlyAccepted.get(Keys.of(tenant, id));
            if (accepted == null) {
                return Response.error(404, "unknown_proposal", "no proposal " + id + " in tenant " + tenant);
            }
            status = ProposalStatus.of(tenant, id, accepted, null, null, null);
        }
        Map<String, Object> body = DecisionJson.status(status);
        if (Boolean.parseBoolean(request.query("ballots", "false"))) {
            body.put("ballots", status.decision() == null ? List.of() : DecisionJson.ballots(status.decision()));
        }
        return Response.json(200, body);
    }

    static String statusUrl(String tenant, String id) {
        return "/api/v1/consensus/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
                + "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8);
    }

    private void forgetOld(long now) {
        recentlyAccepted.values().removeIf(p -> now - p.getProposedAtMs() > RECENT_MS);
    }
}
