package io.synod.reputation;

/**
 * How often a triple of agents sat together on a losing option, how often their accuracies
 * predicted it, and for each member how often its accuracy predicted it would join the other two
 * when they sat together on one.
 */
record TripleStats(long observed, double expected, double expectedA, double expectedB, double expectedC) {

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
}
