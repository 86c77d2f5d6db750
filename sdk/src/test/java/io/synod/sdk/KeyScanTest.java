package io.synod.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class KeyScanTest {

    @Test
    void shouldPickThePartitionTheProducersDefaultPartitionerPicks() {
        for (int i = 0; i < 500; i++) {
            String key = "tenant-" + (i % 7) + "/proposal-" + i;
            for (int partitions : new int[] {1, 2, 3, 12}) {
                assertThat(KeyScan.partitionFor(key, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
