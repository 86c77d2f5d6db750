package io.synod.coordinator;

import io.synod.schemas.Policy;

/**
 * The protocol's rules for a closed round, as a pure function: given the policy and the count,
 * what happens next. Every proposal ends in exactly one final status.
 */
record RoundVerdict(Kind kind, String decision, String reason) {

    enum Kind {
        ACHIEVED("achieved"), FALLBACK("fallback"), DEADLOCK("deadlock"), FAILED("failed"),
        ESCALATED("escalated"), HALTED("halted"), NEXT_ROUND(null);

        final String status;

        Kind(String status) {
            this.status = status;
        }
    }

    /**
     * @param round        the round that closed, from 1
     * @param eligible     how many agents were eligible in it
     * @param tally        the count over the votes not excluded as Byzantine
     * @param detected     how many of the round's votes the detector flagged as Byzantine in this round
     *                     (agents already quarantined are excluded quietly and do not count)
     * @param voters       all of the round's voters, flagged or not
     */
    static RoundVerdict of(Policy policy, int round, int eligible, Tally tally, int detected, int voters, double haltFlaggedFraction) {
        if (detected > 0 && detected > haltFlaggedFraction * voters) {
            return new RoundVerdict(Kind.HALTED, null, "byzantine_quorum");
        }
        boolean roundsLeft = round < policy.getMaxRounds();
        String participationProblem = participationProblem(policy, eligible, tally.voters());
        if (participationProblem != null) {
            return roundsLeft ? next(participationProblem) : new RoundVerdict(Kind.FAILED, null, participationProblem);
        }
        if (reached(policy, tally)) {
            return new RoundVerdict(Kind.ACHIEVED, tally.leader(), "threshold_met");
        }
        boolean fallbackDue = round >= policy.getFallbackAfterRounds() || !roundsLeft;
        if (fallbackDue) {
            switch (policy.getFallback()) {
                case "simple_majority" -> {
                    if (tally.leader() != null && tally.support() > 0.5) {
                        return new RoundVerdict(Kind.FALLBACK, tally.leader(), "simple_majority");
                    }
                }
                case "plurality" -> {
                    if (tally.leader() != null) {
                        return new RoundVerdict(Kind.FALLBACK, tally.leader(), "plurality");
                    }
                }
                case "escalate" -> {
                    return new RoundVerdict(Kind.ESCALATED, null, "escalated_for_arbitration");
                }
                default -> {
                }
            }
        }
        return roundsLeft ? next("threshold_not_met") : new RoundVerdict(Kind.DEADLOCK, null, "rounds_exhausted");
    }

    private static RoundVerdict next(String reason) {
        return new RoundVerdict(Kind.NEXT_ROUND, null, reason);
    }

    private static boolean reached(Policy policy, Tally tally) {
        if (tally.leader() == null) {
            return false;
        }
        return switch (policy.getMode()) {
            case "simple_majority" -> tally.support() > 0.5;
            case "unanimous" -> tally.support() >= 1.0;
            case "plurality" -> true;
            default -> tally.support() >= policy.getThreshold();
        };
    }

    private static String participationProblem(Policy policy, int eligible, int voters) {
        if (voters < policy.getMinParticipants()) {
            return "min_participants";
        }
        if (voters < policy.getQuorum() || voters < Math.ceil(policy.getQuorumFraction() * eligible - 1e-9)) {
            return "quorum";
        }
        if (voters == 0) {
            return "no_votes";
        }
        return null;
    }
}
