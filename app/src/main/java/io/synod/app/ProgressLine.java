package io.synod.app;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A one-line progress report on stderr for long work, redrawn in place at most four times a
 * second and shown only once the work has taken more than two seconds, so quick commands print
 * nothing extra. Cleared before the command prints its result.
 */
public final class ProgressLine {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream err;
    private final long start = System.nanoTime();
    private volatile long lastDrawn;
    private boolean drawn;

    public ProgressLine(PrintStream err) {
        this.err = err;
    }

    /** Redraws the line with {@code text} when it is due; {@code text} is only computed then. */
    public synchronized void update(Supplier<String> text) {
        if (due()) {
            draw(text.get());
        }
    }

    /** True when a redraw is due; a cheap check for hot loops, which then call {@link #draw}. */
    public boolean due() {
        long now = System.nanoTime();
        return now - start >= SHOW_AFTER_NANOS && now - lastDrawn >= EVERY_NANOS;
    }

    public synchronized void draw(String text) {
        lastDrawn = System.nanoTime();
        drawn = true;
        err.print("\r\033[K" + text);
        err.flush();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    public synchronized void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
