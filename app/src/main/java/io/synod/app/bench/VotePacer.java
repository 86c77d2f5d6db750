package io.synod.app.bench;

import java.util.function.LongSupplier;

/**
 * Spreads a round's votes over time at a fixed rate: the i-th vote goes out no earlier than i / rate
 * seconds after the first. Without it a latency probe hands in a 10,000-agent round as fast as the
 * producer can (several thousand votes a second, many times what the whole stack sustains), and the
 * time from the last vote to the decision is then the backlog's, not the round's.
 */
final class VotePacer {
    /** Waits the given nanoseconds (a test passes its own). */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double votesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long startNs;

    /** {@code votesPerSecond} 0 or less: no pacing, every vote at once. */
    VotePacer(double votesPerSecond) {
        this(votesPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    VotePacer(double votesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.votesPerSecond = votesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** How long releasing this many votes takes at the rate (0 without pacing). */
    long spanMs(int votes) {
        return votesPerSecond <= 0 ? 0 : (long) Math.ceil(votes * 1000.0 / votesPerSecond);
    }

    /** Returns when vote {@code index} (0 for a round's first, which starts the round's clock) may go out. */
    void awaitTurn(int index) throws InterruptedException {
        if (votesPerSecond <= 0) {
            return;
        }
        if (index == 0) {
            startNs = nanoTime.getAsLong();
            return;
        }
        long dueNs = startNs + (long) (index * 1e9 / votesPerSecond);
        long waitNs = dueNs - nanoTime.getAsLong();
        if (waitNs > 0) {
            sleeper.sleepNanos(waitNs);
        }
    }
}
