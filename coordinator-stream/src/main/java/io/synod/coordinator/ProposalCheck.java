package io.synod.coordinator;

import io.synod.events.Choices;
import io.synod.events.RejectReason;
import io.synod.keys.Keys;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The coordinator's acceptance rules for a proposal, public so that front doors (the REST gateway,
 * {@code synod propose}) refuse bad input to the caller before it reaches the topic. The
 * coordinator applies the same rules and stays the authority: it rejects what slips through.
 * (The options rule repeats CoordinatorProcessor's; main has since gathered these rules in
 * ProposalChecks, which this class should delegate to once both are merged.)
 */
public final class ProposalCheck {

    /** Why a proposal is refused: the code published on consensus.rejected and a sentence. */
    public record Problem(RejectReason reason, String detail) {
    }

    private ProposalCheck() {
    }

    /** Null when the coordinator would accept {@code proposal} under {@code defaults}, else why not. */
    public static Problem check(Proposal proposal, Policy defaults) {
        String idProblem = Keys.problemWithTenant(proposal.getTenant());
        if (idProblem == null) {
            idProblem = Keys.problemWithId("proposal", proposal.getProposalId());
        }
        if (idProblem != null) {
            return new Problem(RejectReason.INVALID_ID, idProblem);
        }
        String optionsProblem = problemWithOptions(Choices.orDefault(proposal.getOptions()));
        if (optionsProblem != null) {
            return new Problem(RejectReason.INVALID_OPTIONS, optionsProblem);
        }
        String policyProblem = PolicyResolver.problemWith(PolicyResolver.resolve(proposal.getPolicy(), defaults));
        return policyProblem == null ? null : new Problem(RejectReason.INVALID_POLICY, policyProblem);
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
}
