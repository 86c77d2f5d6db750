package io.synod.stats;

/**
 * The paired sign test over the proposals two replays of the same input decided differently against
 * the truth. Where a change moves only near-ties (a few votes' weight either way), it wins and loses
 * them about equally, and "it lost more than it won" on one dataset says little; the test says how
 * often a change that is no worse would lose at least that many of the proposals it moved.
 */
public final class SignTest {
    private SignTest() {
    }

    /**
     * P(L >= lost) for L ~ Binomial(won + lost, 1/2): one-sided, the chance that a change no worse than
     * its baseline loses at least {@code lost} of the {@code won + lost} proposals it moved. 1 when it
     * moved none or lost none.
     */
    public static double noWorseLosesAtLeast(long won, long lost) {
        if (won < 0 || lost < 0) {
            throw new IllegalArgumentException("won and lost are counts, got " + won + " and " + lost);
        }
        // By the coin's symmetry, at least `lost` losses are at most `won` wins: a lower tail, summed term by term,
        // which stays exact where 1 - P(L < lost) would round a telling result to 0.
        return BinomialTail.atMost(won, won + lost, 0.5);
    }
}
