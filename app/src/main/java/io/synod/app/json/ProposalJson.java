package io.synod.app.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.coordinator.ProposalChecks;
import io.synod.keys.Keys;
import io.synod.schemas.Policy;
import io.synod.sdk.ProposalRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a proposal given as JSON in the shape of the replay format's proposal line (type,
 * proposal, tenant, text, options, participants, policy; unknown fields ignored) and checks it
 * with the coordinator's own rules, so the REST gateway and {@code synod propose} refuse it to the
 * caller instead of publishing something the coordinator would reject. Stricter than replay about
 * types: a policy number given as a string is an error, not a guess.
 */
public final class ProposalJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INTEGER_FIELDS = Set.of("maxRounds", "minParticipants", "fallbackAfterRounds", "quorum");

    private ProposalJson() {
    }

    public static ProposalRequest parse(String body, Policy defaults) throws InvalidProposalException {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidProposalException("invalid_json", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidProposalException("invalid_json", "the body must be a JSON object");
        }
        return parse(node, defaults);
    }

    public static ProposalRequest parse(JsonNode node, Policy defaults) throws InvalidProposalException {
        String type = text(node, "type");
        if (type != null && !type.equals("proposal")) {
            throw new InvalidProposalException("invalid_event", "type must be \"proposal\", got \"" + type + "\"");
        }
        ProposalRequest.Builder builder = ProposalRequest.builder()
                .tenant(node.hasNonNull("tenant") ? text(node, "tenant") : Keys.DEFAULT_TENANT)
                .text(node.hasNonNull("text") ? text(node, "text") : "")
                .options(strings(node, "options", List.of()))
                .participants(strings(node, "participants", null))
                .policy(policy(node.get("policy")));
        if (node.hasNonNull("proposal")) {
            builder.id(text(node, "proposal"));
        }
        ProposalRequest request = builder.build();
        check(request, defaults);
        return request;
    }

    /** The coordinator's checks (ids, options, the policy resolved against the deployment's defaults). */
    public static void check(ProposalRequest request, Policy defaults) throws InvalidProposalException {
        for (String participant : request.participants() == null ? List.<String>of() : request.participants()) {
            String problem = Keys.problemWithId("participant", participant);
            if (problem != null) {
                throw new InvalidProposalException("invalid_id", problem);
            }
        }
        ProposalChecks.Problem problem = ProposalChecks.check(request.toProposal("check", 0L), defaults);
        if (problem != null) {
            throw new InvalidProposalException(problem.reason().code(), problem.detail());
        }
    }

    private static Policy policy(JsonNode node) throws InvalidProposalException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidProposalException("invalid_policy", "policy must be an object");
        }
        Policy policy = new Policy();
        policy.setThreshold(number(node, "threshold"));
        policy.setMaxRounds(integer(node, "maxRounds"));
        policy.setMinParticipants(integer(node, "minParticipants"));
        policy.setRoundTimeoutMs(longValue(node, "roundTimeoutMs"));
        policy.setMode(policyText(node, "mode"));
        policy.setFallback(policyText(node, "fallback"));
        policy.setFallbackAfterRounds(integer(node, "fallbackAfterRounds"));
        policy.setQuorum(integer(node, "quorum"));
        policy.setQuorumFraction(number(node, "quorumFraction"));
        policy.setExpiresAtMs(longValue(node, "expiresAtMs"));
        JsonNode trusted = node.get("requireTrusted");
        if (trusted != null && !trusted.isNull() && !trusted.isBoolean()) {
            throw new InvalidProposalException("invalid_policy", "policy.requireTrusted must be true or false");
        }
        policy.setRequireTrusted(trusted == null || trusted.isNull() ? null : trusted.asBoolean());
        return policy;
    }

    private static Double number(JsonNode node, String field) throws InvalidProposalException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidProposalException("invalid_policy", "policy." + field + " must be a number");
        }
        if (INTEGER_FIELDS.contains(field) && !value.canConvertToExactIntegral()) {
            throw new InvalidProposalException("invalid_policy", "policy." + field + " must be an integer");
        }
        return value.asDouble();
    }

    private static Integer integer(JsonNode node, String field) throws InvalidProposalException {
        Double value = number(node, field);
        return value == null ? null : value.intValue();
    }

    private static Long longValue(JsonNode node, String field) throws InvalidProposalException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidProposalException("invalid_policy", "policy." + field + " must be an integer number of milliseconds");
        }
        return value.asLong();
    }

    private static String policyText(JsonNode node, String field) throws InvalidProposalException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidProposalException("invalid_policy", "policy." + field + " must be a string");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String field, List<String> absent) throws InvalidProposalException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        String code = field.equals("options") ? "invalid_options" : "invalid_event";
        if (!value.isArray()) {
            throw new InvalidProposalException(code, field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidProposalException(code, field + " must be an array of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static String text(JsonNode node, String field) throws InvalidProposalException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidProposalException("invalid_event", field + " must be a string");
        }
        return value.asText();
    }
}
