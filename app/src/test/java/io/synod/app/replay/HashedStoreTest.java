package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
