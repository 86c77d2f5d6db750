package io.synod.reputation;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** How often a triple of agents sat together on a losing option, and how often their accuracies predicted it. */
record TripleStats(long observed, double expected) {

    /** Sixteen bytes: the count and the expectation. */
    static Serde<TripleStats> serde() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null
                        : ByteBuffer.allocate(16).putLong(stats.observed()).putDouble(stats.expected()).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new TripleStats(buffer.getLong(), buffer.getDouble());
                });
    }
}
