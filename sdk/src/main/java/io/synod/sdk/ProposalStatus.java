package io.synod.sdk;

import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;

/**
 * Where a proposal stands, combined from the last record about it on each topic: the proposal
 * itself, its latest round, the coordinator's refusal of it, and its decision.
 */
public record ProposalStatus(String tenant, String proposalId, State state, Proposal proposal, RoundOpened round,
                             Rejection rejection, Decision decision) {

    public enum State {
        /** Nothing is known about this proposal. */
        UNKNOWN,
        /** Published; the coordinator has not opened its first round yet. */
        PENDING,
        /** A round is open: agents are voting. */
        VOTING,
        /** No decision was reached; it waits for an arbitration on consensus.arbitrations. */
        ESCALATED,
        /** It ended: {@link #decision()} is final (achieved, fallback, arbitrated, deadlock, halted, failed, expired). */
        CLOSED,
        /** The coordinator refused it; {@link #rejection()} says why. */
        REJECTED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The state from whatever is known; a later stage wins over an earlier one, so a refused
     * duplicate of a proposal that is being voted on leaves it VOTING.
     */
    public static ProposalStatus of(String tenant, String proposalId, Proposal proposal, RoundOpened round,
                                    Rejection rejection, Decision decision) {
        State state;
        if (decision != null) {
            state = isFinal(decision) ? State.CLOSED : State.ESCALATED;
        } else if (round != null) {
            state = State.VOTING;
        } else if (rejection != null) {
            state = State.REJECTED;
        } else if (proposal != null) {
            state = State.PENDING;
        } else {
            state = State.UNKNOWN;
        }
        return new ProposalStatus(tenant, proposalId, state, proposal, round, rejection, decision);
    }

    /** Every decision is final except an escalation, which an arbitration or its timeout ends later. */
    public static boolean isFinal(Decision decision) {
        return !"escalated".equals(decision.getStatus());
    }

    /** True when a proposal-level rejection belongs in a status (vote rejections share the key). */
    public static boolean isProposalRejection(Rejection rejection) {
        return "proposal".equals(rejection.getSource());
    }

    /** Which of two decisions about one proposal the status shows: a final one over an escalation. */
    public static Decision latest(Decision known, Decision next) {
        if (known != null && isFinal(known) && !isFinal(next)) {
            return known;
        }
        return next;
    }
}
