package io.synod.coordinator;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** How many votes the current round has and when the last one came: 12 bytes per open proposal. */
record RoundProgress(int votes, long lastVoteAtMs) {
    static final RoundProgress NONE = new RoundProgress(0, -1L);

    RoundProgress plus(long atMs) {
        return new RoundProgress(votes + 1, Math.max(lastVoteAtMs, atMs));
    }

    static Serde<RoundProgress> serde() {
        Serializer<RoundProgress> serializer = (topic, p) -> p == null ? null
                : ByteBuffer.allocate(12).putInt(p.votes).putLong(p.lastVoteAtMs).array();
        Deserializer<RoundProgress> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new RoundProgress(buffer.getInt(), buffer.getLong());
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
