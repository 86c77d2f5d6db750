package io.synod.app.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.schemas.Decision;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.sdk.ProposalStatus;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of decisions and proposal statuses that {@code synod watch --json},
 * {@code synod status --json}, the REST gateway and its webhooks share. A decision carries the
 * replay output's fields plus the reason, the eligible count, the threshold and the times.
 */
public final class DecisionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionJson() {
    }

    public static Map<String, Object> decision(Decision d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("proposal", d.getProposalId());
        json.put("tenant", d.getTenant());
        json.put("status", d.getStatus());
        json.put("decision", d.getDecision());
        json.put("support", d.getSupport());
        json.put("round", d.getRound());
        json.put("mode", d.getMode());
        json.put("participants", d.getParticipants());
        json.put("eligible", d.getEligible());
        json.put("distribution", new TreeMap<>(d.getDistribution()));
        json.put("flagged", d.getFlagged());
        json.put("reason", d.getReason());
        json.put("threshold", d.getThreshold());
        json.put("proposedAtMs", d.getProposedAtMs());
        json.put("decidedAtMs", d.getDecidedAtMs());
        json.put("eventId", d.getEventId());
        return json;
    }

    /** The deciding round's ballots, heaviest first; a value the source did not keep is null. */
    public static List<Map<String, Object>> ballots(Decision d) {
        return BallotTable.heaviestFirst(d.getBallots()).stream().map(b -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("agent", b.getAgentId());
            json.put("choice", b.getChoice());
            json.put("confidence", b.getConfidence());
            json.put("weight", b.getWeight());
            json.put("suspicion", b.getSuspicion());
            json.put("accuracy", Double.isNaN(b.getAccuracy()) ? null : b.getAccuracy());
            json.put("reasons", b.getReasons());
            return json;
        }).toList();
    }

    public static Map<String, Object> status(ProposalStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("proposal", status.proposalId());
        json.put("tenant", status.tenant());
        json.put("state", status.state().code());
        RoundOpened round = status.round();
        json.put("round", round == null ? null : round.getRound());
        json.put("deadlineMs", round == null || status.decision() != null ? null : round.getDeadlineMs());
        json.put("proposedAtMs", status.proposal() == null ? null : status.proposal().getProposedAtMs());
        json.put("decision", status.decision() == null ? null : decision(status.decision()));
        Rejection rejection = status.rejection();
        if (status.state() == ProposalStatus.State.REJECTED) {
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("reason", rejection.getReason());
            why.put("detail", rejection.getDetail());
            why.put("rejectedAtMs", rejection.getRejectedAtMs());
            json.put("rejection", why);
        } else {
            json.put("rejection", null);
        }
        return json;
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One human-readable line, like the demo's: who, how it ended, with what support. */
    public static String line(Decision d) {
        return String.format("%s  %-22s %-10s %-10s support %.2f  round %d  voters %d/%d%s",
                java.time.Instant.ofEpochMilli(d.getDecidedAtMs()), d.getTenant() + "/" + d.getProposalId(), d.getStatus(),
                d.getDecision() == null ? "-" : d.getDecision(), d.getSupport(), d.getRound(), d.getParticipants(), d.getEligible(),
                d.getFlagged().isEmpty() ? "" : "  flagged " + String.join(",", d.getFlagged()));
    }
}
