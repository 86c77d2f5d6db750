package io.synod.detector;

import io.synod.events.Choices;
import io.synod.events.InputLimits;
import io.synod.events.RejectReason;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import java.util.Set;

/**
 * Decides whether a vote may be counted at all: known proposal and round, registered active agent,
 * eligible for the round, an offered option, confidence in [0,1], a justification of bounded size,
 * and an event time its round allows: a vote stamped after the round's deadline is too late, one
 * stamped before the round opened (beyond clock skew) cannot be right. Event time closes rounds,
 * so a vote must never carry its partition's time past its own round (decision 0036).
 * Suspicion is a separate question.
 */
final class VoteValidator {

    /** A failed check: the reason code and a human-readable detail. */
    record Problem(RejectReason reason, String detail) {
    }

    /** The round a vote addresses, with its eligible agents as a set for O(1) checks. */
    record OpenRound(RoundOpened round, Set<String> eligible, Set<String> options) {
        static OpenRound of(RoundOpened round) {
            return new OpenRound(round, Set.copyOf(round.getEligible()), Set.copyOf(round.getOptions()));
        }
    }

    private VoteValidator() {
    }

    static Problem check(String key, Vote vote, long timestampMs, OpenRound open, boolean proposalClosed, AgentRegistration agent) {
        String idProblem = firstNonNull(Keys.problemWithTenant(vote.getTenant()),
                Keys.problemWithId("proposal", vote.getProposalId()),
                Keys.problemWithId("agent", vote.getAgentId()));
        if (idProblem != null) {
            return new Problem(RejectReason.INVALID_ID, idProblem);
        }
        if (!Keys.of(vote.getTenant(), vote.getProposalId()).equals(key)) {
            return new Problem(RejectReason.KEY_MISMATCH, "record key " + key + " does not match the vote's tenant/proposal");
        }
        double confidence = vote.getConfidence();
        if (Double.isNaN(confidence) || confidence < 0.0 || confidence > 1.0) {
            return new Problem(RejectReason.CONFIDENCE_OUT_OF_RANGE, "confidence " + confidence + " is not in [0,1]");
        }
        long justification = InputLimits.oversize(vote.getJustification(), InputLimits.MAX_JUSTIFICATION_BYTES);
        if (justification >= 0) {
            return new Problem(RejectReason.JUSTIFICATION_TOO_LONG, "justification of " + justification + " bytes or more; at most "
                    + InputLimits.MAX_JUSTIFICATION_BYTES + " are accepted");
        }
        String textProblem = InputLimits.problemWithText("justification", vote.getJustification());
        if (textProblem != null) {
            return new Problem(RejectReason.INVALID_VALUE, textProblem);
        }
        String claimed = InputLimits.problemWithClaimedTime("castAtMs", vote.getCastAtMs(), timestampMs);
        if (claimed != null) {
            return new Problem(RejectReason.TIMESTAMP_OUT_OF_RANGE, claimed);
        }
        // Who is voting comes before when: a stranger's vote is reported as a stranger's whether or not its round is still open.
        if (agent == null || !agent.getActive()) {
            return new Problem(RejectReason.UNREGISTERED_AGENT, "agent " + vote.getAgentId() + " is not an active member");
        }
        if (open == null) {
            return proposalClosed
                    ? new Problem(RejectReason.ROUND_CLOSED, "proposal " + vote.getProposalId() + " is already decided")
                    : new Problem(RejectReason.UNKNOWN_PROPOSAL, "no open proposal " + vote.getProposalId());
        }
        int current = open.round().getRound();
        Integer round = vote.getRound();
        if (round != null && round > current) {
            return new Problem(RejectReason.UNKNOWN_ROUND, "round " + round + " is not open; current round is " + current);
        }
        if (round != null && round < current) {
            return new Problem(RejectReason.ROUND_CLOSED, "round " + round + " is closed; current round is " + current);
        }
        Problem timing = timing(open.round(), timestampMs);
        if (timing != null) {
            return timing;
        }
        if (!open.eligible().contains(vote.getAgentId())) {
            return new Problem(RejectReason.NOT_ELIGIBLE, "agent " + vote.getAgentId() + " is not eligible in round " + current);
        }
        if (!Choices.ABSTAIN.equals(vote.getChoice()) && !open.options().contains(vote.getChoice())) {
            return new Problem(RejectReason.OPTION_NOT_OFFERED, "option '" + vote.getChoice() + "' is not offered");
        }
        return null;
    }

    private static Problem timing(RoundOpened round, long timestampMs) {
        Long expiresAt = round.getPolicy() == null ? null : round.getPolicy().getExpiresAtMs();
        long due = expiresAt == null ? round.getDeadlineMs() : Math.min(round.getDeadlineMs(), expiresAt);
        if (timestampMs > due) {
            return new Problem(RejectReason.ROUND_CLOSED, "cast at " + timestampMs + ", after round " + round.getRound()
                    + "'s deadline " + due);
        }
        if (timestampMs < round.getOpenedAtMs() - InputLimits.MAX_CLOCK_SKEW_MS) {
            return new Problem(RejectReason.TIMESTAMP_OUT_OF_RANGE, "stamped " + timestampMs + ", " + (round.getOpenedAtMs() - timestampMs)
                    + " ms before round " + round.getRound() + " opened");
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
