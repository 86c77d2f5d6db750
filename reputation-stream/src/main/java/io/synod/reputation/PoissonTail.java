package io.synod.reputation;

/** The upper tail of a Poisson distribution in log space, so that evidence far beyond 1e-300 still compares. */
final class PoissonTail {
    private static final int MAX_TERMS = 10_000;

    private PoissonTail() {
    }

    /** log P(X >= k) for X ~ Poisson(mean); 0 at or below the mean's floor, where the test never rejects. */
    static double logAtLeast(long k, double mean) {
        if (k <= 0 || k <= mean) {
            return 0.0;
        }
        if (mean <= 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        double logTerm = -mean + k * Math.log(mean) - logFactorial(k);
        // Above the mean the terms fall: sum them relative to the first until they stop mattering.
        double sum = 1.0;
        double ratio = 1.0;
        for (long j = k + 1; j < k + MAX_TERMS; j++) {
            ratio *= mean / j;
            sum += ratio;
            if (ratio < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(0.0, logTerm + Math.log(sum));
    }

    private static double logFactorial(long k) {
        if (k < 32) {
            double sum = 0.0;
            for (long i = 2; i <= k; i++) {
                sum += Math.log(i);
            }
            return sum;
        }
        // Stirling's series: exact to double precision from 32 on.
        double x = k;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1.0 / (12 * x) - 1.0 / (360 * x * x * x);
    }
}
