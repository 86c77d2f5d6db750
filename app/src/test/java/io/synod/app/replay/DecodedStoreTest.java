package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class DecodedStoreTest {

    private static List<String> keys(KeyValueIterator<String, ?> it) {
        List<String> keys = new ArrayList<>();
        try (it) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldIterateKeysInTheOrderOfTheInMemoryBytesStore() {
        // Given keys whose UTF-16 order differs from their UTF-8 byte order (U+1F600 comes before U+FF21 in UTF-16, after it in UTF-8)
        List<String> written = List.of("t/b", "t/\uFF21", "t/\uD83D\uDE00", "t/a", "u/a", "s/z");
        DecodedStore<String> decoded = new DecodedStore<>("decoded");

        // When they are written
        written.forEach(key -> decoded.put(key, key));

        // Then every way of iterating sees them as the in-memory bytes store would: by UTF-8 bytes
        List<String> expected = List.of("s/z", "t/a", "t/b", "t/\uFF21", "t/\uD83D\uDE00", "u/a");
        StringSerializer utf8 = new StringSerializer();
        assertThat(keys(decoded.all())).containsExactlyElementsOf(expected);
        assertThat(keys(decoded.prefixScan("t/", utf8))).containsExactly("t/a", "t/b", "t/\uFF21", "t/\uD83D\uDE00");
        assertThat(keys(decoded.range("t/a", "t/b"))).containsExactly("t/a", "t/b");
        assertThat(keys(decoded.reverseAll())).containsExactly("u/a", "t/\uD83D\uDE00", "t/\uFF21", "t/b", "t/a", "s/z");
    }

    @Test
    void shouldReturnTheValueItWasGivenUntilDeleted() {
        // Given a stored value
        DecodedStore<List<String>> store = new DecodedStore<>("decoded");
        List<String> value = List.of("x");
        store.put("k", value);

        // When it is read, replaced by null, or put only if absent
        List<String> read = store.get("k");
        List<String> kept = store.putIfAbsent("k", List.of("y"));
        store.putAll(List.of(KeyValue.pair("k", null)));

        // Then reads hand back the very instance, and a null value deletes
        assertThat(read).isSameAs(value);
        assertThat(kept).isSameAs(value);
        assertThat(store.get("k")).isNull();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldIterateTheLatestValuesAsTheyWereWhenTheIteratorWasOpened() {
        // Given keys written, one rewritten and one deleted
        DecodedStore<String> store = new DecodedStore<>("decoded");
        store.put("b", "b1");
        store.put("a", "a1");
        store.put("c", "c1");
        store.put("b", "b2");
        store.delete("c");

        // When an iterator is opened and the store is written after
        KeyValueIterator<String, String> before = store.all();
        store.put("a", "a2");
        store.put("c", "c2");

        // Then the iterator sees the values of its moment, the store the new ones, in key order
        List<String> seen = new ArrayList<>();
        before.forEachRemaining(entry -> seen.add(entry.key + "=" + entry.value));
        assertThat(seen).containsExactly("a=a1", "b=b2");
        List<String> now = new ArrayList<>();
        store.all().forEachRemaining(entry -> now.add(entry.key + "=" + entry.value));
        assertThat(now).containsExactly("a=a2", "b=b2", "c=c2");
        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }
}
