package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.streams.ScanCounter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RoundMemoryTest {
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, String> prints = store("prints");
    private final KeyValueStore<String, String> arrivals = store("arrivals");
    private final ScanCounter scans = new ScanCounter();

    private KeyValueStore<String, String> store(String name) {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static RoundMemory.Print print(String agent) {
        return new RoundMemory.Print(agent, "approve", 42L, true);
    }

    @Test
    void shouldKeepAndForgetARoundSeenOpeningWithoutScanningTheStore() {
        RoundMemory memory = new RoundMemory(scans.wrap(prints), arrivals);
        memory.opened("t/p1", 1);
        memory.remember("t/p1", 1, print("a"));
        memory.remember("t/p1", 1, print("b"));

        assertThat(memory.round("t/p1", 1)).extracting(RoundMemory.Print::agentId).containsExactly("a", "b");
        memory.forgetRound("t/p1", 1);
        memory.forgetRound("t/p1", 0);

        assertThat(scans.scans()).isZero();
        assertThat(memory.hasVoted("t/p1", 1, "a")).isFalse();
        assertThat(memory.hasVoted("t/p1", 1, "b")).isFalse();
    }

    @Test
    void shouldForgetARoundARestartedInstanceNeverSawOpenFromTheStore() {
        RoundMemory before = new RoundMemory(prints, arrivals);
        before.opened("t/p1", 2);
        before.remember("t/p1", 2, print("a"));
        before.remember("t/p1", 2, print("b"));

        RoundMemory after = new RoundMemory(scans.wrap(prints), arrivals);
        after.forgetRound("t/p1", 2);

        assertThat(scans.scans()).isEqualTo(1);
        assertThat(after.hasVoted("t/p1", 2, "a")).isFalse();
        assertThat(after.round("t/p1", 2)).isEmpty();
    }
}
