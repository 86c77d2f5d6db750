package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoissonTailTest {

    @Test
    void shouldMatchTheExactTailForSmallCounts() {
        // P(X >= 3 | 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125)
        double exact = 1.0 - Math.exp(-0.5) * (1.0 + 0.5 + 0.125);

        assertThat(PoissonTail.logAtLeast(3, 0.5)).isCloseTo(Math.log(exact), within(1e-9));
    }

    @Test
    void shouldStayFiniteFarBeyondDoublePrecision() {
        // log P(X >= 400 | 10) is near -1,090: far below 1e-300, still comparable.
        assertThat(PoissonTail.logAtLeast(400, 10.0)).isBetween(-1_200.0, -1_000.0);
    }

    @Test
    void shouldNeverRejectAtOrBelowTheMean() {
        assertThat(PoissonTail.logAtLeast(5, 7.5)).isZero();
    }
}
