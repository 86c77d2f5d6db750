package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashedStoreTest {

    @Test
    void shouldReturnTheSameValueItWasGivenAndForgetItWhenNullIsPut() {
        HashedStore<int[]> store = new HashedStore<>("hashed");
        int[] value = {1, 2};

        store.put("t/a", value);
        assertThat(store.get("t/a")).isSameAs(value);
        assertThat(store.putIfAbsent("t/a", new int[0])).isSameAs(value);

        store.put("t/a", null);
        assertThat(store.get("t/a")).isNull();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldRefuseToIterateSinceItKeepsNoKeyOrder() {
        HashedStore<String> store = new HashedStore<>("reputation-group-pairs");
        store.put("t/a", "x");

        assertThatThrownBy(store::all).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("reputation-group-pairs");
        assertThatThrownBy(() -> store.range("t/a", "t/b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldHoldWhatAMapHoldsAfterAnyMixOfReadsAndWritesWithSharedOrFreshKeys() {
        HashedStore<int[]> store = new HashedStore<>("hashed");
        Map<String, int[]> reference = new HashMap<>();
        Random random = new Random(20_261_207L);
        String[] shared = {"t/a", "t/b", "t/c"};
        int[][] values = {{1}, {2}, {3}};
        for (int step = 0; step < 20_000; step++) {
            int which = random.nextInt(shared.length);
            // The same key object as before, or an equal one built afresh, as a processor's would be.
            String key = random.nextBoolean() ? shared[which] : new String(shared[which]);
            int[] value = random.nextInt(5) == 0 ? null : values[random.nextInt(values.length)];
            switch (random.nextInt(4)) {
                case 0 -> assertThat(store.get(key)).isSameAs(reference.get(key));
                case 1 -> {
                    store.put(key, value);
                    if (value == null) {
                        reference.remove(key);
                    } else {
                        reference.put(key, value);
                    }
                }
                case 2 -> assertThat(store.delete(key)).isSameAs(reference.remove(key));
                default -> {
                    if (value != null) {
                        assertThat(store.putIfAbsent(key, value)).isSameAs(reference.putIfAbsent(key, value));
                    }
                }
            }
            if (step % 50 == 49) {
                // Checked now and then, not after every step, so that runs of writes, deletes and reads meet each other unchecked.
                for (String each : shared) {
                    assertThat(store.get(each)).as("step %d, %s", step, each).isSameAs(reference.get(each));
                }
            }
        }
    }
}
