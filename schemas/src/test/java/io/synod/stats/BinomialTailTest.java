package io.synod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class BinomialTailTest {

    /** P(X >= k) summed exactly in big decimals. */
    private static double exactAtLeast(int k, int n, double p) {
        BigDecimal prob = new BigDecimal(p);
        BigDecimal rest = BigDecimal.ONE.subtract(prob);
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = k; i <= n; i++) {
            BigInteger choose = BigInteger.ONE;
            for (int j = 0; j < i; j++) {
                choose = choose.multiply(BigInteger.valueOf(n - j)).divide(BigInteger.valueOf(j + 1));
            }
            sum = sum.add(new BigDecimal(choose).multiply(prob.pow(i)).multiply(rest.pow(n - i)));
        }
        return sum.round(MathContext.DECIMAL64).doubleValue();
    }

    @Test
    void shouldMatchTheExactUpperTailFarIntoItInLogSpace() {
        int[][] cases = {{26, 27}, {10, 12}, {40, 50}, {300, 400}};
        for (int[] c : cases) {
            double exact = Math.log(exactAtLeast(c[0], c[1], 0.52));
            assertThat(BinomialTail.logAtLeast(c[0], c[1], 0.52)).as("%d of %d", c[0], c[1]).isCloseTo(exact, within(1e-9 * Math.abs(exact)));
        }
        assertThat(BinomialTail.logAtLeast(26, 27, 0.52)).isCloseTo(-14.40, within(0.01));
    }

    @Test
    void shouldAgreeWithTheLowerTailNearTheMiddle() {
        assertThat(Math.exp(BinomialTail.logAtLeast(14, 20, 0.5))).isCloseTo(BinomialTail.atLeast(14, 20, 0.5), within(1e-12));
    }

    @Test
    void shouldNeverRejectAtOrBelowTheMean() {
        assertThat(BinomialTail.logAtLeast(10, 20, 0.5)).isZero();
        assertThat(BinomialTail.logAtLeast(3, 20, 0.5)).isZero();
        assertThat(BinomialTail.logAtLeast(5, 5, 1.0)).isZero();
        assertThat(BinomialTail.logAtLeast(1, 5, 0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
