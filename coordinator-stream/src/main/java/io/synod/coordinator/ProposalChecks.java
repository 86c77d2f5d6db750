package io.synod.coordinator;

import io.synod.events.Choices;
import io.synod.events.InputLimits;
import io.synod.events.RejectReason;
import io.synod.keys.Keys;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a proposal can open at all: usable ids, a key that matches them, distinct options, a
 * valid policy once the deployment defaults are filled in. Pure, so the quota gate (which must
 * only count proposals the coordinator will open), the coordinator, and the front doors (the REST
 * gateway, {@code synod propose}, which refuse bad input to the caller before it reaches the
 * topic) judge a proposal alike.
 */
public final class ProposalChecks {

    /** A failed check: the code published on consensus.rejected and a sentence. */
    public record Problem(RejectReason reason, String detail) {
    }

    private ProposalChecks() {
    }

    /** Null when the coordinator would accept {@code proposal} under {@code defaults}, else why not. */
    public static Problem check(Proposal proposal, Policy defaults) {
        return problemWith(proposal, null, defaults);
    }

    /** Null when the proposal may open, else the first problem found. */
    static Problem problemWith(Proposal proposal, String recordKey, Policy defaults) {
        String idProblem = firstNonNull(Keys.problemWithTenant(proposal.getTenant()),
                Keys.problemWithId("proposal", proposal.getProposalId()));
        if (idProblem != null) {
            return new Problem(RejectReason.INVALID_ID, idProblem);
        }
        String key = Keys.of(proposal.getTenant(), proposal.getProposalId());
        if (recordKey != null && !recordKey.equals(key)) {
            return new Problem(RejectReason.KEY_MISMATCH, "record key " + recordKey + " does not match " + key);
        }
        long text = InputLimits.oversize(proposal.getText(), InputLimits.MAX_TEXT_BYTES);
        if (text >= 0) {
            return new Problem(RejectReason.TEXT_TOO_LONG, "text of " + text + " bytes or more; at most " + InputLimits.MAX_TEXT_BYTES + " are accepted");
        }
        String textProblem = InputLimits.problemWithText("text", proposal.getText());
        if (textProblem != null) {
            return new Problem(RejectReason.INVALID_VALUE, textProblem);
        }
        String optionsProblem = problemWithOptions(Choices.orDefault(proposal.getOptions()));
        if (optionsProblem != null) {
            return new Problem(RejectReason.INVALID_OPTIONS, optionsProblem);
        }
        String policyProblem = PolicyResolver.problemWith(PolicyResolver.resolve(proposal.getPolicy(), defaults));
        if (policyProblem != null) {
            return new Problem(RejectReason.INVALID_POLICY, policyProblem);
        }
        return null;
    }

    static String problemWithOptions(List<String> options) {
        Set<String> seen = new HashSet<>();
        for (String option : options) {
            String problem = Keys.problemWithId("option", option);
            if (problem != null) {
                return problem;
            }
            if (Choices.ABSTAIN.equals(option)) {
                return "'abstain' is always allowed and cannot be an option";
            }
            if (!seen.add(option)) {
                return "option '" + option + "' is listed twice";
            }
        }
        return null;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
