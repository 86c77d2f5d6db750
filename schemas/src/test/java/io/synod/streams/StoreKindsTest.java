package io.synod.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.config.SynodConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
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
    void shouldCacheARewrittenLiveStoreSoThatItsChangelogGetsOneRecordPerKeyAndCommit() {
        assertThat(layers(StoreKinds.PERSISTENT.keyValueCached("s", Serdes.String(), Serdes.String()).build())).contains("CachingKeyValueStore");
        assertThat(layers(StoreKinds.IN_MEMORY_LOGGED.keyValueCached("s", Serdes.String(), Serdes.String()).build())).contains("CachingKeyValueStore");
        assertThat(layers(StoreKinds.PERSISTENT.keyValue("s", Serdes.String(), Serdes.String()).build())).doesNotContain("CachingKeyValueStore");
    }

    @Test
    void shouldNotCacheReplayStoresWhichHaveNoChangelogToSpare() {
        assertThat(layers(StoreKinds.IN_MEMORY.keyValueCached("s", Serdes.String(), Serdes.String()).build())).doesNotContain("CachingKeyValueStore");
    }

    private static List<String> layers(StateStore store) {
        List<String> names = new ArrayList<>();
        StateStore layer = store;
        while (true) {
            names.add(layer.getClass().getSimpleName());
            if (!(layer instanceof WrappedStateStore<?, ?, ?> wrapped)) {
                return names;
            }
            layer = wrapped.wrapped();
        }
    }

    @Test
    void shouldRefuseAnUnknownStoreSetting() {
        assertThatThrownBy(() -> StoreKinds.live("memory")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rocksdb or in_memory");
    }
}
