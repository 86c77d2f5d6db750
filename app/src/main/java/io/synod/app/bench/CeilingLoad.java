package io.synod.app.bench;

import java.time.Duration;

/** A generator for the pass-through ceiling: counts the votes that came out, and drains at the end. */
interface CeilingLoad extends AutoCloseable {
    long received();

    /** Stops sending and waits (at most {@code timeout}) for what is in flight; returns what never came out. */
    long drain(Duration timeout) throws InterruptedException;

    @Override
    void close() throws InterruptedException;
}
