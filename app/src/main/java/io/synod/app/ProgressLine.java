package io.synod.app;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A one-line progress report on stderr for long work, redrawn in place at most four times a
 * second and shown only once the work has taken more than two seconds, so quick commands print
 * nothing extra. Cleared before the command prints its result. Where stderr is no terminal (a log
 * file, a CI job, a container's log), a line redrawn in place would leave escape codes four times a
 * second in the log, so the report is written as plain lines, one every ten seconds (see
 * {@link #plainByDefault}).
 */
public final class ProgressLine {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private static final long EVERY_NANOS = 250_000_000L;
    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

    private final PrintStream err;
    private final boolean plain;
    private final LongSupplier clock;
    private final long start;
    private volatile long lastDrawn;
    private boolean drawn;

    public ProgressLine(PrintStream err) {
        this(err, plainByDefault(System.getProperty("synod.progress"), System.console() != null), System::nanoTime);
    }

    /**
     * {@code plain} or {@code redraw} as the launcher says (it knows whether stderr is a terminal);
     * otherwise, as when the jar is run directly in a container, plain unless the JVM has a console.
     */
    static boolean plainByDefault(String setting, boolean console) {
        return setting == null ? !console : "plain".equals(setting);
    }

    ProgressLine(PrintStream err, boolean plain, LongSupplier clock) {
        this.err = err;
        this.plain = plain;
        this.clock = clock;
        this.start = clock.getAsLong();
        // The first line comes after two seconds either way.
        this.lastDrawn = start - PLAIN_EVERY_NANOS;
    }

    /** Redraws the line with {@code text} when it is due; {@code text} is only computed then. */
    public synchronized void update(Supplier<String> text) {
        if (due()) {
            draw(text.get());
        }
    }

    /** True when a redraw is due; a cheap check for hot loops, which then call {@link #draw}. */
    public boolean due() {
        long now = clock.getAsLong();
        return now - start >= SHOW_AFTER_NANOS && now - lastDrawn >= (plain ? PLAIN_EVERY_NANOS : EVERY_NANOS);
    }

    public synchronized void draw(String text) {
        lastDrawn = clock.getAsLong();
        if (plain) {
            err.println(text);
        } else {
            drawn = true;
            err.print("\r\033[K" + text);
        }
        err.flush();
    }

    public double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    public synchronized void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
