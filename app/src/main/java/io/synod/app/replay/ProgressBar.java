package io.synod.app.replay;

import java.io.PrintStream;

/** A one-line progress report on stderr, shown only once work has taken more than two seconds. */
final class ProgressBar {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream err;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private boolean drawn;

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    void update(long lines) {
        long now = System.nanoTime();
        if (now - start < SHOW_AFTER_NANOS || now - lastDrawn < EVERY_NANOS) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        double seconds = (now - start) / 1e9;
        err.printf("\rreplay: %,d lines, %.0f lines/s, %.0f s", lines, lines / seconds, seconds);
    }

    void clear() {
        if (drawn) {
            err.print("\r\033[K");
            drawn = false;
        }
    }
}
