package io.synod.app.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Reputation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Writes DECISIONS.jsonl and AGENTS.jsonl exactly in the contract's shape, deterministically. */
public final class ReplayWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayWriter() {
    }

    public static void writeDecisions(Writer out, Iterable<Decision> decisions) throws IOException {
        BufferedWriter writer = new BufferedWriter(out);
        for (Decision d : decisions) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("proposal", d.getProposalId());
            line.put("tenant", d.getTenant());
            line.put("status", d.getStatus());
            line.put("decision", d.getDecision());
            line.put("support", round(d.getSupport()));
            line.put("round", d.getRound());
            line.put("mode", d.getMode());
            line.put("participants", d.getParticipants());
            Map<String, Object> distribution = new LinkedHashMap<>();
            d.getDistribution().forEach((option, share) -> distribution.put(option, round(share)));
            line.put("distribution", distribution);
            line.put("flagged", d.getFlagged());
            line.put("ts", d.getDecidedAtMs());
            writer.write(JSON.writeValueAsString(line));
            writer.write('\n');
        }
        writer.flush();
    }

    /**
     * One line per ballot of each decision, in decision order: the decision it belongs to, then the
     * ballot as the coordinator counted it (a negative weight: an excluded vote counted against its
     * choice, decision 0068). Justifications are left out; they are in the input.
     */
    public static void writeBallots(Writer out, Iterable<Decision> decisions) throws IOException {
        BufferedWriter writer = new BufferedWriter(out);
        for (Decision d : decisions) {
            for (Ballot b : d.getBallots()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("proposal", d.getProposalId());
                line.put("tenant", d.getTenant());
                line.put("round", d.getRound());
                line.put("status", d.getStatus());
                line.put("decision", d.getDecision());
                line.put("agent", b.getAgentId());
                line.put("choice", b.getChoice());
                line.put("confidence", round(b.getConfidence()));
                line.put("weight", round(b.getWeight()));
                line.put("suspicion", round(b.getSuspicion()));
                line.put("accuracy", round(b.getAccuracy()));
                line.put("voices", round(b.getVoices()));
                line.put("reasons", b.getReasons());
                line.put("ts", b.getCastAtMs());
                writer.write(JSON.writeValueAsString(line));
                writer.write('\n');
            }
        }
        writer.flush();
    }

    /** One line per agent known at the end of input (registered or with a reputation), sorted by tenant, agent. */
    public static void writeAgents(Writer out, Map<String, AgentRegistration> agents, Map<String, Reputation> reputations,
                                   AgentVerdict verdict) throws IOException {
        BufferedWriter writer = new BufferedWriter(out);
        TreeSet<String> keys = new TreeSet<>(java.util.Comparator.comparing(Keys::tenantOf).thenComparing(Keys::idOf));
        keys.addAll(agents.keySet());
        keys.addAll(reputations.keySet());
        for (String key : keys) {
            Reputation r = reputations.get(key);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("agent", Keys.idOf(key));
            line.put("tenant", Keys.tenantOf(key));
            line.put("reputation", round(r == null ? 1.0 : r.getReputation()));
            line.put("accuracy", round(r == null ? 0.5 : r.getAccuracy()));
            line.put("integrity", round(r == null ? 1.0 : r.getIntegrity()));
            line.put("byzantine", r != null && verdict.isByzantine(r));
            line.put("flags", r == null ? 0 : r.getFlags());
            line.put("votes", r == null ? 0 : r.getVotes());
            writer.write(JSON.writeValueAsString(line));
            writer.write('\n');
        }
        writer.flush();
    }

    /**
     * A log that writes each rejection as one JSON line as it comes (REJECTED.jsonl); a write that
     * fails ends the replay with the error rather than leaving a shorter file behind.
     */
    public static RejectedInput.Log rejectionLog(Writer out) {
        return rejected -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", rejected.line());
            line.put("type", rejected.source());
            line.put("reason", rejected.reason());
            line.put("detail", rejected.detail());
            line.put("tenant", rejected.tenant());
            line.put("proposal", rejected.proposal());
            line.put("agent", rejected.agent());
            line.put("event", rejected.eventId());
            line.put("ts", rejected.tsMs());
            try {
                out.write(JSON.writeValueAsString(line));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the rejections: " + e.getMessage(), e);
            }
        };
    }

    /** The system's verdict on an agent at the end of the input. */
    @FunctionalInterface
    public interface AgentVerdict {
        boolean isByzantine(Reputation reputation);
    }

    private static double round(double value) {
        if (!Double.isFinite(value)) {
            return 0.0;
        }
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }
}
