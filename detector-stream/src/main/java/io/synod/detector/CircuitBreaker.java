package io.synod.detector;

/**
 * Stops calling a failing judge: after {@code failures} consecutive failures it opens for
 * {@code openMs}, then lets one batch through (half-open); a success closes it. Touched from the
 * stream thread and the HTTP client's threads, hence synchronized.
 */
final class CircuitBreaker {
    private final int failures;
    private final long openMs;
    private int consecutive;
    private long openUntilMs = Long.MIN_VALUE;

    CircuitBreaker(int failures, long openMs) {
        this.failures = failures;
        this.openMs = openMs;
    }

    synchronized boolean allows(long nowMs) {
        return nowMs >= openUntilMs;
    }

    synchronized void success() {
        consecutive = 0;
        openUntilMs = Long.MIN_VALUE;
    }

    synchronized void failure(long nowMs) {
        consecutive++;
        if (consecutive >= failures) {
            openUntilMs = nowMs + openMs;
            consecutive = failures - 1;
        }
    }

    synchronized boolean isOpen(long nowMs) {
        return nowMs < openUntilMs;
    }
}
