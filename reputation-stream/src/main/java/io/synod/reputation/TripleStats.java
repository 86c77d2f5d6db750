package io.synod.reputation;

import io.synod.stats.BinomialTail;

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

    /**
     * One member's log tail given the other two together (0, 1, 2: the members in id order). Its joins are a
     * sum of one chance per occasion, whose tail the binomial over the occasions at their mean chance bounds
     * from above (the sum varies less), as the Poisson tail does more loosely, which is all there is for
     * counts kept before occasions were. Where a member's chance is large the two differ by orders of
     * magnitude: 26 joins on 27 occasions at a mean chance of 0.52 is e^-14.4 binomial, e^-6.0 Poisson.
     */
    double logMemberTail(int member) {
        double chances = member == 0 ? expectedA : member == 1 ? expectedB : expectedC;
        long occasions = occasions(member);
        return occasions > 0 && observed <= occasions
                ? BinomialTail.logAtLeast(observed, occasions, Math.min(1.0, chances / occasions))
                : PoissonTail.logAtLeast(observed, chances);
    }

    private long occasions(int member) {
        return member == 0 ? occasionsA : member == 1 ? occasionsB : occasionsC;
    }

    /**
     * The share of its occasions on which a member joined the other two on their losing option (1 when it had
     * none: counts kept before occasions were).
     */
    double joinRate(int member) {
        long occasions = occasions(member);
        return occasions <= 0 ? 1.0 : Math.min(1.0, (double) observed / occasions);
    }

    /** The least of the three members' join rates. */
    double minJoinRate() {
        return Math.min(joinRate(0), Math.min(joinRate(1), joinRate(2)));
    }
}
