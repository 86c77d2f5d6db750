package io.synod.app.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.text.SharedStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses replay lines (the contract in shared/contract/replay-format.md) into the events the live
 * topics carry. Structural problems become rejections with a reason; semantic checks (unknown
 * proposal, unregistered agent, ...) are left to the topologies, exactly as live.
 */
final class EventParser {
    private static final Set<String> KINDS = Set.of("llm", "human", "oracle", "system");
    /** The last millisecond of year 9999, as far as ISO-8601 dates and every recording go. */
    static final long MAX_TS_MS = 253_402_300_799_999L;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");
    private final ObjectMapper json = new ObjectMapper();
    /** Agent ids, tenants, choices and options, one instance each (decision 0098); more distinct values than any input has agents pass through. */
    private final SharedStrings shared = new SharedStrings(1 << 16);
    private long lastTs;

    ReplayEvent parse(String line, long lineNumber) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            return ReplayEvent.invalid(null, lastTs, "invalid_json", "line " + lineNumber + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            return ReplayEvent.invalid(null, lastTs, "invalid_json", "line " + lineNumber + " is not a JSON object");
        }
        String type = text(node, "type");
        JsonNode stamp = numeric(node.path("ts"));
        if (!stamp.isMissingNode() && !stamp.isNull() && !stamp.isNumber()) {
            // Taken as absent it would silently land at the last event's time.
            return ReplayEvent.invalid(type, lastTs, "invalid_event", "line " + lineNumber + ": ts must be a number of epoch milliseconds, got "
                    + abbreviated(stamp));
        }
        if (stamp.isNumber() && !withinEpoch(stamp)) {
            // Event time is the largest ts so far: one such line would end every open round and make
            // every later line late, so it is refused and leaves event time where it was.
            return ReplayEvent.invalid(type, lastTs, "timestamp_out_of_range", "line " + lineNumber + ": ts " + stamp.asText()
                    + " is not an epoch millisecond between 0 and the end of year 9999");
        }
        // Event time never runs backwards: the contract promises non-decreasing ts, and a stray
        // early timestamp must not reopen time for rounds already closed.
        long ts = Math.max(stamp.isNumber() ? stamp.asLong() : lastTs, lastTs);
        ReplayEvent event = event(node, type, ts, lineNumber);
        if (!event.isValid()) {
            // A line refused for its structure does not move event time either: it is no event.
            return ReplayEvent.invalid(event.type(), lastTs, event.reason(), event.detail());
        }
        lastTs = ts;
        return event;
    }

    /** A whole number written as a string ("1450") read as that number: unambiguous, and some exporters quote longs. */
    private static JsonNode numeric(JsonNode value) {
        if (value.isTextual() && WHOLE_NUMBER.matcher(value.textValue()).matches()) {
            try {
                return LongNode.valueOf(Long.parseLong(value.textValue()));
            } catch (NumberFormatException tooLong) {
                return value;
            }
        }
        return value;
    }

    private static boolean withinEpoch(JsonNode stamp) {
        if (stamp.isIntegralNumber()) {
            return stamp.canConvertToLong() && stamp.asLong() >= 0 && stamp.asLong() <= MAX_TS_MS;
        }
        double value = stamp.asDouble();
        return value >= 0 && value <= MAX_TS_MS;
    }

    private ReplayEvent event(JsonNode node, String type, long ts, long lineNumber) {
        if (type == null) {
            return ReplayEvent.invalid(null, ts, "invalid_event", "line " + lineNumber + " has no type");
        }
        String tenant = node.hasNonNull("tenant") ? shared.of(node.get("tenant").asText()) : Keys.DEFAULT_TENANT;
        try {
            return switch (type) {
                case "agent" -> agent(node, tenant, ts);
                case "proposal" -> proposal(node, tenant, ts);
                case "vote" -> vote(node, tenant, ts, lineNumber);
                case "outcome" -> outcome(node, tenant, ts);
                case "arbitration" -> arbitration(node, tenant, ts);
                default -> ReplayEvent.invalid(type, ts, "unknown_type", "unknown event type '" + type + "'");
            };
        } catch (InvalidField e) {
            return ReplayEvent.invalid(type, ts, "invalid_event", e.getMessage());
        }
    }

    private ReplayEvent agent(JsonNode node, String tenant, long ts) {
        String agent = shared.of(required(node, "agent"));
        String kind = node.hasNonNull("kind") ? node.get("kind").asText() : "llm";
        if (!KINDS.contains(kind)) {
            throw new InvalidField("kind must be one of " + KINDS + ", got '" + kind + "'");
        }
        AgentRegistration registration = AgentRegistration.newBuilder()
                .setTenant(tenant).setAgentId(agent).setKind(kind)
                .setActive(flag(node, "active", true))
                .setTrusted(flag(node, "trusted", false))
                .setPublicKey(text(node, "publicKey"))
                .setUpdatedAtMs(ts).build();
        return ReplayEvent.valid("agent", Keys.of(tenant, agent), registration, ts);
    }

    private ReplayEvent proposal(JsonNode node, String tenant, long ts) {
        String id = required(node, "proposal");
        Proposal proposal = Proposal.newBuilder()
                .setEventId(Keys.of(tenant, id))
                .setTenant(tenant).setProposalId(id)
                .setText(node.hasNonNull("text") ? node.get("text").asText() : "")
                .setOptions(strings(node.get("options"), "options", List.of()))
                .setParticipants(node.hasNonNull("participants") ? strings(node.get("participants"), "participants", null) : null)
                .setPolicy(policy(node.get("policy")))
                .setProposedAtMs(ts).build();
        return ReplayEvent.valid("proposal", Keys.of(tenant, id), proposal, ts);
    }

    private ReplayEvent vote(JsonNode node, String tenant, long ts, long lineNumber) {
        String proposal = required(node, "proposal");
        String agent = shared.of(required(node, "agent"));
        String choice = shared.of(required(node, "choice"));
        JsonNode confidence = node.get("confidence");
        if (confidence != null && !confidence.isNull() && !confidence.isNumber()) {
            throw new InvalidField("confidence must be a number");
        }
        JsonNode round = node.get("round");
        if (round != null && !round.isNull() && !(round.isNumber() && round.canConvertToExactIntegral() && round.canConvertToInt())) {
            throw new InvalidField("round must be an integer");
        }
        Vote vote = Vote.newBuilder()
                .setEventId(node.hasNonNull("id") ? node.get("id").asText() : Keys.of(tenant, proposal) + "/" + agent + "/line-" + lineNumber)
                .setTenant(tenant).setProposalId(proposal).setAgentId(agent)
                .setRound(round == null || round.isNull() ? null : round.asInt())
                .setChoice(choice)
                .setConfidence(confidence == null || confidence.isNull() ? 1.0 : confidence.asDouble())
                .setJustification(node.hasNonNull("justification") ? node.get("justification").asText() : "")
                .setCastAtMs(ts)
                .setSignature(text(node, "signature"))
                .build();
        return ReplayEvent.valid("vote", Keys.of(tenant, proposal), vote, ts);
    }

    private ReplayEvent outcome(JsonNode node, String tenant, long ts) {
        String proposal = required(node, "proposal");
        Outcome outcome = Outcome.newBuilder().setTenant(tenant).setProposalId(proposal).setTruth(required(node, "truth"))
                .setSource(text(node, "source")).setObservedAtMs(ts).build();
        return ReplayEvent.valid("outcome", Keys.of(tenant, proposal), outcome, ts);
    }

    private ReplayEvent arbitration(JsonNode node, String tenant, long ts) {
        String proposal = required(node, "proposal");
        Arbitration arbitration = Arbitration.newBuilder().setTenant(tenant).setProposalId(proposal)
                .setDecision(required(node, "decision"))
                .setArbiter(node.hasNonNull("by") ? node.get("by").asText() : "unknown")
                .setReason(text(node, "reason")).setDecidedAtMs(ts).build();
        return ReplayEvent.valid("arbitration", Keys.of(tenant, proposal), arbitration, ts);
    }

    private static Policy policy(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidField("policy must be an object");
        }
        return Policy.newBuilder()
                .setThreshold(number(node, "threshold"))
                .setMaxRounds(integer(node, "maxRounds"))
                .setMinParticipants(integer(node, "minParticipants"))
                .setRoundTimeoutMs(node.hasNonNull("roundTimeoutMs") ? number(node, "roundTimeoutMs").longValue() : null)
                .setMode(text(node, "mode"))
                .setFallback(text(node, "fallback"))
                .setFallbackAfterRounds(integer(node, "fallbackAfterRounds"))
                .setQuorum(integer(node, "quorum"))
                .setQuorumFraction(number(node, "quorumFraction"))
                .setExpiresAtMs(node.hasNonNull("expiresAtMs") ? number(node, "expiresAtMs").longValue() : null)
                .setRequireTrusted(node.hasNonNull("requireTrusted") ? flag(node, "requireTrusted", false) : null)
                .build();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidField("policy." + field + " must be a number");
        }
        return value.asDouble();
    }

    private static Integer integer(JsonNode node, String field) {
        Double value = number(node, field);
        if (value != null && !node.get(field).canConvertToExactIntegral()) {
            throw new InvalidField("policy." + field + " must be an integer");
        }
        return value == null ? null : value.intValue();
    }

    /** A boolean field: absent or null gives {@code absent}; anything but true or false is refused rather than guessed. */
    private static boolean flag(JsonNode node, String field, boolean absent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        // "true" and "false" in quotes mean what they say; anything else ("no", 0) is refused rather than guessed.
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return value.textValue().equals("true");
        }
        throw new InvalidField(field + " must be true or false, got " + abbreviated(value));
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private List<String> strings(JsonNode node, String field, List<String> absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isArray()) {
            throw new InvalidField(field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            // A number names an option as its text, as a vote's numeric choice does; objects, arrays, booleans and null name nothing.
            if (!item.isTextual() && !item.isNumber()) {
                throw new InvalidField(field + " must be an array of strings, got an item " + abbreviated(item));
            }
            values.add(shared.of(item.asText()));
        }
        return values;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new InvalidField("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static final class InvalidField extends RuntimeException {
        InvalidField(String message) {
            super(message, null, false, false);
        }
    }
}
