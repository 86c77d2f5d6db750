package io.synod.reputation;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How often two agents chose the same wrong option on proposals with a known truth, how often
 * their accuracies predicted it, and for each how often its accuracy predicted it would join the
 * other's wrong choice when the other made one.
 */
record PairStats(long observed, double expected, double expectedA, double expectedB) {

    /** log Poisson tail of the pair's shared errors against the product of their chances. */
    double logTail() {
        return PoissonTail.logAtLeast(observed, expected);
    }

    /** The less significant member's log Poisson tail given the other's error: each must join it beyond its own chance. */
    double logMemberTail() {
        return Math.max(PoissonTail.logAtLeast(observed, expectedA), PoissonTail.logAtLeast(observed, expectedB));
    }

    /** 32 bytes: the count and the three expectations. */
    static Serde<PairStats> serde() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null
                        : ByteBuffer.allocate(32).putLong(stats.observed()).putDouble(stats.expected()).putDouble(stats.expectedA())
                                .putDouble(stats.expectedB()).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new PairStats(buffer.getLong(), buffer.getDouble(), buffer.getDouble(), buffer.getDouble());
                });
    }
}
