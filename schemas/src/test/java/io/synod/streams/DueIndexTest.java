package io.synod.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DueIndexTest {
    private final TreeMap<String, String> entries = new TreeMap<>();
    private int ranges;
    private KeyValueStore<String, String> store;
    private DueIndex index;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        // A sorted map behind the three calls the index makes, counting its range scans.
        store = (KeyValueStore<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "put" -> entries.put((String) args[0], (String) args[1]);
                    case "delete" -> entries.remove((String) args[0]);
                    case "range" -> {
                        ranges++;
                        Map<String, String> view = args[0] == null ? entries.headMap((String) args[1], true)
                                : entries.subMap((String) args[0], true, (String) args[1], true);
                        yield iterator(new TreeMap<>(view).entrySet().iterator());
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        index = new DueIndex(store);
    }

    private static KeyValueIterator<String, String> iterator(Iterator<Map.Entry<String, String>> it) {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, String> next() {
                Map.Entry<String, String> next = it.next();
                return KeyValue.pair(next.getKey(), next.getValue());
            }

            @Override
            public void close() {
            }

            @Override
            public String peekNextKey() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void shouldReturnOnlyEntriesDueStrictlyBeforeNowEarliestFirst() {
        index.schedule("b", 2_000L);
        index.schedule("a", 1_000L);
        index.schedule("c", 3_000L);

        assertThat(index.dueBefore(3_000L, 10)).containsExactly(KeyValue.pair(1_000L, "a"), KeyValue.pair(2_000L, "b"));
    }

    @Test
    void shouldFindAnEntryScheduledBeforeTheEarliestOneItHadSeen() {
        index.schedule("late", 5_000L);
        assertThat(index.dueBefore(4_000L, 10)).isEmpty();

        index.schedule("early", 1_000L);

        assertThat(index.dueBefore(4_000L, 10)).containsExactly(KeyValue.pair(1_000L, "early"));
    }

    @Test
    void shouldNotOpenAnIteratorAgainBeforeTheNextEntryIsDue() {
        index.schedule("a", 5_000L);
        assertThat(index.dueBefore(4_500L, 10)).isEmpty();
        int scans = ranges;

        assertThat(index.dueBefore(4_800L, 10)).isEmpty();
        assertThat(index.dueBefore(5_000L, 10)).isEmpty();

        assertThat(ranges).isEqualTo(scans);
        assertThat(index.dueBefore(5_001L, 10)).containsExactly(KeyValue.pair(5_000L, "a"));
    }

    @Test
    void shouldScanAboutOnceASecondWhileNothingIsScheduled() {
        index.dueBefore(10_000L, 10);
        int scans = ranges;

        for (long now = 10_001L; now <= 11_000L; now++) {
            assertThat(index.dueBefore(now, 10)).isEmpty();
        }

        assertThat(ranges).isEqualTo(scans);
        index.dueBefore(11_001L, 10);
        assertThat(ranges).isEqualTo(scans + 1);
    }

    @Test
    void shouldHandTheRestOfWhatIsDueOnTheNextCallWhenTheLimitCutsItShort() {
        for (int i = 0; i < 5; i++) {
            index.schedule("k" + i, 1_000L + i);
        }
        List<KeyValue<Long, String>> first = index.dueBefore(10_000L, 2);
        first.forEach(kv -> index.unschedule(kv.value, kv.key));

        assertThat(first).extracting(kv -> kv.value).containsExactly("k0", "k1");
        assertThat(index.dueBefore(10_000L, 10)).extracting(kv -> kv.value).containsExactly("k2", "k3", "k4");
    }

    @Test
    void shouldStartWithoutABoundInANewInstanceOverTheSameStore() {
        index.schedule("a", 5_000L);
        assertThat(index.dueBefore(6_000L, 10)).hasSize(1);
        DueIndex revived = new DueIndex(store);

        assertThat(revived.dueBefore(5_001L, 10)).containsExactly(KeyValue.pair(5_000L, "a"));
    }

    @Test
    void shouldSaturateATimeAfterThatWouldOverflow() {
        assertThat(DueIndex.after(1_000L, 500L)).isEqualTo(1_500L);
        assertThat(DueIndex.after(Long.MAX_VALUE - 10L, 500L)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldHandOverEachDueEntryRemovedAndWhatTheCallsScheduleBeforeNow() {
        index.schedule("a", 1_000L);
        index.schedule("b", 9_000L);
        List<String> handed = new java.util.ArrayList<>();

        index.takeDueBefore(5_000L, (key, dueMs) -> {
            handed.add(key + "@" + dueMs);
            if (key.equals("a")) {
                index.schedule("a-next", 2_000L);
            }
        });

        assertThat(handed).containsExactly("a@1000", "a-next@2000");
        assertThat(entries.values()).containsExactly("b");
    }
}
