package io.synod.reputation;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How often a triple of agents sat together on a losing option, how often their accuracies
 * predicted it, and for each member how often its accuracy predicted it would join the other two
 * when they sat together on one.
 */
record TripleStats(long observed, double expected, double expectedA, double expectedB, double expectedC) {

    /** log Poisson tail of the three together against the product of their chances. */
    double logTail() {
        return PoissonTail.logAtLeast(observed, expected);
    }

    /** The least significant member's log Poisson tail given the other two together: each must be more than its chances. */
    double logMemberTail() {
        return Math.max(PoissonTail.logAtLeast(observed, expectedA),
                Math.max(PoissonTail.logAtLeast(observed, expectedB), PoissonTail.logAtLeast(observed, expectedC)));
    }

    /** 40 bytes: the count and the four expectations. */
    static Serde<TripleStats> serde() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null
                        : ByteBuffer.allocate(40).putLong(stats.observed()).putDouble(stats.expected()).putDouble(stats.expectedA())
                                .putDouble(stats.expectedB()).putDouble(stats.expectedC()).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new TripleStats(buffer.getLong(), buffer.getDouble(), buffer.getDouble(), buffer.getDouble(), buffer.getDouble());
                });
    }
}
