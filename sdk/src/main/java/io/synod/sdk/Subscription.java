package io.synod.sdk;

/** A running decision subscription; closing it stops its thread and its consumer. */
public interface Subscription extends AutoCloseable {

    /** Decisions handed to the listener so far. */
    long delivered();

    @Override
    void close();
}
