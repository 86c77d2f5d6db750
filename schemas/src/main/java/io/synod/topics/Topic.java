package io.synod.topics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic with its serdes and creation settings. {@code compacted} topics keep the last value per
 * key (reputation, registry); the others are event logs.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {

    public Consumed<K, V> consumed(String operatorName) {
        return Consumed.with(keySerde, valueSerde).withName(operatorName);
    }

    public Produced<K, V> produced(String operatorName) {
        return Produced.with(keySerde, valueSerde).withName(operatorName);
    }
}
