package io.synod.stats;

/** Exact binomial tail probabilities, summed in log space so that thousands of trials stay accurate, in O(k). */
public final class BinomialTail {
    private BinomialTail() {
    }

    /** P(X <= k) for X ~ Binomial(n, p). */
    public static double atMost(long k, long n, double p) {
        if (k >= n || p <= 0.0) {
            return 1.0;
        }
        if (k < 0) {
            return 0.0;
        }
        if (p >= 1.0) {
            return 0.0;
        }
        // log1p has no intrinsic and is most of the cost of a short tail: computed once.
        double logOneMinusP = Math.log1p(-p);
        double logRatio = Math.log(p) - logOneMinusP;
        double logPmf = n * logOneMinusP;
        double sum = Math.exp(logPmf);
        for (long i = 0; i < k; i++) {
            logPmf += Math.log((double) (n - i) / (i + 1)) + logRatio;
            sum += Math.exp(logPmf);
        }
        return Math.min(1.0, sum);
    }

    /**
     * P(X <= k) < significance for X ~ Binomial(n, p): k far below the mean. At or above the mean the
     * tail is at least one half and never is, so it is not summed.
     */
    public static boolean farBelow(long k, long n, double p, double significance) {
        return k < n * p && atMost(k, n, p) < significance;
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    public static double atLeast(long k, long n, double p) {
        return k <= 0 ? 1.0 : 1.0 - atMost(k - 1, n, p);
    }

    /**
     * log P(X >= k) for X ~ Binomial(n, p), in log space so that evidence far beyond 1e-300 still compares;
     * 0 at or below the mean, where the test never rejects. O(min(k, n - k)).
     */
    public static double logAtLeast(long k, long n, double p) {
        if (k <= 0 || k <= n * p || p >= 1.0) {
            return 0.0;
        }
        if (k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p <= 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        double logOneMinusP = Math.log1p(-p);
        double logRatio = Math.log(p) - logOneMinusP;
        // log C(n, k) over the shorter side.
        long m = Math.min(k, n - k);
        double logChoose = 0.0;
        for (long i = 0; i < m; i++) {
            logChoose += Math.log((double) (n - i) / (i + 1));
        }
        double logPmf = logChoose + k * Math.log(p) + (n - k) * logOneMinusP;
        // Above the mean the terms fall: sum them relative to the first until they stop mattering.
        double sum = 1.0;
        double term = 1.0;
        double ratio = Math.exp(logRatio);
        for (long j = k; j < n; j++) {
            term *= (double) (n - j) / (j + 1) * ratio;
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(0.0, logPmf + Math.log(sum));
    }
}
