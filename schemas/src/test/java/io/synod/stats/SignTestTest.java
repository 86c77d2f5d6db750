package io.synod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignTestTest {

    @Test
    void shouldGiveTheHalvingChanceOfLosingEveryMovedProposal() {
        assertThat(SignTest.noWorseLosesAtLeast(0, 4)).isCloseTo(1.0 / 16, within(1e-12));
        assertThat(SignTest.noWorseLosesAtLeast(0, 1)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldSumTheUpperTailOfAFairCoin() {
        // 2 won, 7 lost: (C(9,7) + C(9,8) + C(9,9)) / 512 = 46 / 512.
        assertThat(SignTest.noWorseLosesAtLeast(2, 7)).isCloseTo(46.0 / 512, within(1e-12));
        // 13 won, 16 lost: no evidence of a worse change.
        assertThat(SignTest.noWorseLosesAtLeast(13, 16)).isGreaterThan(0.3);
    }

    @Test
    void shouldFindNothingAgainstAChangeThatLostNothing() {
        assertThat(SignTest.noWorseLosesAtLeast(0, 0)).isEqualTo(1.0);
        assertThat(SignTest.noWorseLosesAtLeast(5, 0)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepATinyChanceApartFromZero() {
        assertThat(SignTest.noWorseLosesAtLeast(0, 80)).isCloseTo(Math.pow(0.5, 80), within(1e-30));
    }

    @Test
    void shouldRefuseNegativeCounts() {
        assertThatThrownBy(() -> SignTest.noWorseLosesAtLeast(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
