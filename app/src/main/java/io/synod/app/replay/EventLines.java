package io.synod.app.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay format's input lines written from the live events, the inverse of {@link EventParser}:
 * parsing a line written here gives back the event (a proposal's event id becomes its
 * {@code tenant/proposal} key, the only field the format does not carry). Each line's {@code ts} is the
 * event's own time field, the one the parser fills from it, so a signed vote still verifies.
 * Absent optional fields are left out, so the parser's defaults apply as they did live.
 */
public final class EventLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLines() {
    }

    /** A registration at {@code tsMs}, which may differ from its {@code updatedAtMs} (a recording places it where it is needed). */
    public static String agent(AgentRegistration agent, long tsMs) {
        Map<String, Object> line = start("agent", agent.getTenant(), tsMs);
        line.put("agent", agent.getAgentId());
        line.put("kind", agent.getKind());
        line.put("active", agent.getActive());
        if (agent.getTrusted()) {
            line.put("trusted", true);
        }
        putIfPresent(line, "publicKey", agent.getPublicKey());
        return write(line);
    }

    public static String proposal(Proposal proposal) {
        Map<String, Object> line = start("proposal", proposal.getTenant(), proposal.getProposedAtMs());
        line.put("proposal", proposal.getProposalId());
        line.put("text", proposal.getText());
        if (!proposal.getOptions().isEmpty()) {
            line.put("options", proposal.getOptions());
        }
        putIfPresent(line, "participants", proposal.getParticipants());
        if (proposal.getPolicy() != null) {
            line.put("policy", policy(proposal.getPolicy()));
        }
        return write(line);
    }

    public static String vote(Vote vote) {
        Map<String, Object> line = start("vote", vote.getTenant(), vote.getCastAtMs());
        line.put("proposal", vote.getProposalId());
        line.put("agent", vote.getAgentId());
        line.put("id", vote.getEventId());
        putIfPresent(line, "round", vote.getRound());
        line.put("choice", vote.getChoice());
        line.put("confidence", vote.getConfidence());
        line.put("justification", vote.getJustification());
        putIfPresent(line, "signature", vote.getSignature());
        return write(line);
    }

    public static String outcome(Outcome outcome) {
        Map<String, Object> line = start("outcome", outcome.getTenant(), outcome.getObservedAtMs());
        line.put("proposal", outcome.getProposalId());
        line.put("truth", outcome.getTruth());
        putIfPresent(line, "source", outcome.getSource());
        return write(line);
    }

    public static String arbitration(Arbitration arbitration) {
        Map<String, Object> line = start("arbitration", arbitration.getTenant(), arbitration.getDecidedAtMs());
        line.put("proposal", arbitration.getProposalId());
        line.put("decision", arbitration.getDecision());
        line.put("by", arbitration.getArbiter());
        putIfPresent(line, "reason", arbitration.getReason());
        return write(line);
    }

    private static Map<String, Object> policy(Policy policy) {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfPresent(fields, "threshold", policy.getThreshold());
        putIfPresent(fields, "maxRounds", policy.getMaxRounds());
        putIfPresent(fields, "minParticipants", policy.getMinParticipants());
        putIfPresent(fields, "roundTimeoutMs", policy.getRoundTimeoutMs());
        putIfPresent(fields, "mode", policy.getMode());
        putIfPresent(fields, "fallback", policy.getFallback());
        putIfPresent(fields, "fallbackAfterRounds", policy.getFallbackAfterRounds());
        putIfPresent(fields, "quorum", policy.getQuorum());
        putIfPresent(fields, "quorumFraction", policy.getQuorumFraction());
        putIfPresent(fields, "expiresAtMs", policy.getExpiresAtMs());
        putIfPresent(fields, "requireTrusted", policy.getRequireTrusted());
        return fields;
    }

    private static Map<String, Object> start(String type, String tenant, long tsMs) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("tenant", tenant);
        line.put("ts", tsMs);
        return line;
    }

    private static void putIfPresent(Map<String, Object> line, String field, Object value) {
        if (value != null) {
            line.put(field, value);
        }
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a replay line", e);
        }
    }
}
