package io.synod.app.gateway;

/**
 * Exponential backoff between webhook attempts: {@code initial}, then doubling, never more than
 * {@code max}. No jitter: deliveries are spread over many receivers, and a fixed schedule keeps
 * the worst-case time of a batch known (it must stay below the consumer's max.poll.interval.ms).
 */
public record Backoff(long initialMs, long maxMs, int maxAttempts) {

    public Backoff {
        if (initialMs <= 0 || maxMs < initialMs || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and at least one attempt");
        }
    }

    /** The pause before attempt {@code attempt} (2, 3, ...) after the previous one failed. */
    public long delayBeforeAttempt(int attempt) {
        int doublings = Math.min(attempt - 2, 30);
        return Math.min(maxMs, initialMs << Math.max(0, doublings));
    }

    /** Sum of the pauses across all attempts, without the requests' own time. */
    public long totalDelayMs() {
        long total = 0;
        for (int attempt = 2; attempt <= maxAttempts; attempt++) {
            total += delayBeforeAttempt(attempt);
        }
        return total;
    }
}
