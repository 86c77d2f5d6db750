package io.synod.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleThePauseUpToTheMaximum() {
        Backoff backoff = new Backoff(500, 3_000, 6);

        assertThat(backoff.delayBeforeAttempt(2)).isEqualTo(500);
        assertThat(backoff.delayBeforeAttempt(3)).isEqualTo(1_000);
        assertThat(backoff.delayBeforeAttempt(4)).isEqualTo(2_000);
        assertThat(backoff.delayBeforeAttempt(5)).isEqualTo(3_000);
        assertThat(backoff.totalDelayMs()).isEqualTo(500 + 1_000 + 2_000 + 3_000 + 3_000);
    }

    @Test
    void shouldWaitNotAtAllWithASingleAttempt() {
        assertThat(new Backoff(500, 500, 1).totalDelayMs()).isZero();
    }
}
