package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VotePacerTest {
    /** A clock that moves only when the pacer sleeps, plus what it was asked to sleep. */
    private static final class FakeClock {
        long nowNs = 5_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        VotePacer pacer(double rate) {
            return new VotePacer(rate, () -> nowNs, nanos -> {
                sleeps.add(nanos);
                nowNs += nanos;
            });
        }
    }

    @Test
    void shouldReleaseTheIthVoteIOverRateSecondsAfterTheFirst() throws InterruptedException {
        FakeClock clock = new FakeClock();
        VotePacer pacer = clock.pacer(500);
        long start = clock.nowNs;
        for (int i = 0; i < 5; i++) {
            pacer.awaitTurn(i);
        }
        assertThat(clock.nowNs - start).isEqualTo(8_000_000L);
        assertThat(clock.sleeps).containsExactly(2_000_000L, 2_000_000L, 2_000_000L, 2_000_000L);
    }

    @Test
    void shouldNotWaitForAVoteWhoseTurnHasPassed() throws InterruptedException {
        FakeClock clock = new FakeClock();
        VotePacer pacer = clock.pacer(100);
        pacer.awaitTurn(0);
        // Sending the first votes took longer than their turns: the next ones go at once until the schedule is ahead again.
        clock.nowNs += 35_000_000L;
        pacer.awaitTurn(1);
        pacer.awaitTurn(2);
        pacer.awaitTurn(3);
        assertThat(clock.sleeps).isEmpty();
        pacer.awaitTurn(4);
        assertThat(clock.sleeps).containsExactly(5_000_000L);
    }

    @Test
    void shouldStartEachRoundsClockAtItsFirstVote() throws InterruptedException {
        FakeClock clock = new FakeClock();
        VotePacer pacer = clock.pacer(1_000);
        pacer.awaitTurn(0);
        pacer.awaitTurn(1);
        clock.nowNs += 60_000_000_000L;
        pacer.awaitTurn(0);
        pacer.awaitTurn(1);
        assertThat(clock.sleeps).containsExactly(1_000_000L, 1_000_000L);
    }

    @Test
    void shouldSendEveryVoteAtOnceWithoutARate() throws InterruptedException {
        FakeClock clock = new FakeClock();
        VotePacer pacer = clock.pacer(0);
        for (int i = 0; i < 1_000; i++) {
            pacer.awaitTurn(i);
        }
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void shouldTellHowLongARoundTakesToSendAtItsRate() {
        assertThat(new FakeClock().pacer(200).spanMs(10_000)).isEqualTo(50_000L);
        assertThat(new FakeClock().pacer(0).spanMs(10_000)).isZero();
    }
}
