package io.synod.app;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks a long-running command until the JVM is asked to stop (Ctrl-C, SIGTERM), then holds the
 * shutdown hook until the command has closed its resources: without the second latch the JVM
 * would exit while stream apps are still committing their last transaction.
 */
final class UntilShutdown implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    UntilShutdown(String threadName) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName));
    }

    void await() throws InterruptedException {
        stop.await();
    }

    /** Called once the command's resources are closed; lets the shutdown hook return. */
    @Override
    public void close() {
        closed.countDown();
    }
}
