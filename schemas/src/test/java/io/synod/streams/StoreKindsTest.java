package io.synod.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.config.SynodConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class StoreKindsTest {

    @Test
    void shouldKeepRocksDbWithChangelogsByDefault() {
        StoreKinds live = StoreKinds.live(SynodConfig.defaults().get("streams.state.stores"));

        assertThat(live).isEqualTo(StoreKinds.PERSISTENT);
        assertThat(live.supplier("s").metricsScope()).isEqualTo("rocksdb");
        assertThat(live.keyValue("s", Serdes.String(), Serdes.String()).loggingEnabled()).isTrue();
    }

    @Test
    void shouldKeepChangelogsForInMemoryLiveStores() {
        StoreKinds live = StoreKinds.live("in_memory");

        assertThat(live.supplier("s").metricsScope()).isEqualTo("in-memory");
        assertThat(live.keyValue("s", Serdes.String(), Serdes.String()).loggingEnabled()).isTrue();
    }

    @Test
    void shouldKeepNoChangelogForReplayStores() {
        assertThat(StoreKinds.IN_MEMORY.keyValue("s", Serdes.String(), Serdes.String()).loggingEnabled()).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownStoreSetting() {
        assertThatThrownBy(() -> StoreKinds.live("memory")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rocksdb or in_memory");
    }
}
