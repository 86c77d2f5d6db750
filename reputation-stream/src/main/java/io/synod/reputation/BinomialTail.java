package io.synod.reputation;

/** Exact binomial tail probabilities, in log space so that hundreds of trials stay accurate. */
final class BinomialTail {
    private BinomialTail() {
    }

    /** P(X <= k) for X ~ Binomial(n, p). */
    static double atMost(long k, long n, double p) {
        if (k >= n) {
            return 1.0;
        }
        double sum = 0.0;
        for (long i = 0; i <= k; i++) {
            sum += Math.exp(logPmf(i, n, p));
        }
        return Math.min(1.0, sum);
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double atLeast(long k, long n, double p) {
        return k <= 0 ? 1.0 : 1.0 - atMost(k - 1, n, p);
    }

    private static double logPmf(long i, long n, double p) {
        return logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p);
    }

    private static double logChoose(long n, long k) {
        double sum = 0.0;
        for (long j = 1; j <= k; j++) {
            sum += Math.log((double) (n - k + j) / j);
        }
        return sum;
    }
}
