package io.synod.reputation;

/**
 * How often a triple of agents sat together on a losing option, how often their accuracies
 * predicted it, for each member how often its accuracy predicted it would join the other two
 * when they sat together on one, and how many such occasions each member had (it voted while
 * the other two sat together on a losing option).
 */
record TripleStats(long observed, double expected, double expectedA, double expectedB, double expectedC,
                   long occasionsA, long occasionsB, long occasionsC) {

    /** log Poisson tail of the three together against the product of their chances. */
    double logTail() {
        return PoissonTail.logAtLeast(observed, expected);
    }

    /** The least significant member's log Poisson tail given the other two together: each must be more than its chances. */
    double logMemberTail() {
        return Math.max(logMemberTail(0), Math.max(logMemberTail(1), logMemberTail(2)));
    }

    /** One member's log Poisson tail given the other two together (0, 1, 2: the members in id order). */
    double logMemberTail(int member) {
        return PoissonTail.logAtLeast(observed, member == 0 ? expectedA : member == 1 ? expectedB : expectedC);
    }

    /**
     * The share of its occasions on which a member joined the other two on their losing option (1 when it had
     * none: counts kept before occasions were).
     */
    double joinRate(int member) {
        long occasions = member == 0 ? occasionsA : member == 1 ? occasionsB : occasionsC;
        return occasions <= 0 ? 1.0 : Math.min(1.0, (double) observed / occasions);
    }

    /** The least of the three members' join rates. */
    double minJoinRate() {
        return Math.min(joinRate(0), Math.min(joinRate(1), joinRate(2)));
    }
}
