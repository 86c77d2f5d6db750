package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PairTriplesTest {

    private static PairTriples withThirds(String... thirds) {
        PairTriples.Editor editor = PairTriples.EMPTY.edit();
        for (String third : thirds) {
            editor.add(third);
        }
        return editor.build();
    }

    @Test
    void shouldMergeNewThirdsInIdOrderWithEmptyCounts() {
        PairTriples first = withThirds("c", "f");
        PairTriples.Editor editor = first.edit();
        editor.add("a");
        editor.add("d");
        editor.add("z");

        PairTriples merged = editor.build();

        assertThat(merged.size()).isEqualTo(5);
        assertThat(new String[] {merged.third(0), merged.third(1), merged.third(2), merged.third(3), merged.third(4)})
                .containsExactly("a", "c", "d", "f", "z");
        assertThat(merged.stats(1)).isEqualTo(new TripleStats(0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0));
    }

    @Test
    void shouldCountInPlaceAndReportThePairChangedSoThatItIsWrittenAgain() {
        PairTriples first = withThirds("c", "f");
        PairTriples.Editor editor = first.edit();
        assertThat(editor.changed()).isFalse();

        editor.count(1, 3, 0.5, 0.1, 0.2, 0.3, 0b101);

        assertThat(editor.changed()).isTrue();
        assertThat(first.stats(1)).isEqualTo(new TripleStats(3, 0.5, 0.1, 0.2, 0.3, 1, 0, 1));
        assertThat(editor.build()).isSameAs(first);
    }

    @Test
    void shouldCarryTheCountsIntoTheNewValueWhenThirdsAreAdded() {
        PairTriples first = withThirds("c", "f");
        PairTriples.Editor editor = first.edit();
        editor.count(1, 3, 0.5, 0.1, 0.2, 0.3, 0b101);
        editor.add("d");

        PairTriples next = editor.build();

        assertThat(next).isNotSameAs(first);
        assertThat(next.size()).isEqualTo(3);
        assertThat(next.third(1)).isEqualTo("d");
        assertThat(next.stats(1)).isEqualTo(new TripleStats(0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0));
        assertThat(next.third(2)).isEqualTo("f");
        assertThat(next.stats(2)).isEqualTo(new TripleStats(3, 0.5, 0.1, 0.2, 0.3, 1, 0, 1));
    }

    @Test
    void shouldRoundTripThroughItsSerdeWithNonAsciiIds() {
        PairTriples.Editor editor = withThirds("agent-é", "b").edit();
        editor.count(0, 7, 1.25, 0.5, Double.MIN_VALUE, 3.0, 0b110);
        PairTriples value = editor.build();

        byte[] bytes = PairTriples.serde().serializer().serialize("t", value);
        PairTriples back = PairTriples.serde().deserializer().deserialize("t", bytes);

        assertThat(back.size()).isEqualTo(2);
        assertThat(back.third(0)).isEqualTo("agent-é");
        assertThat(back.stats(0)).isEqualTo(new TripleStats(7, 1.25, 0.5, Double.MIN_VALUE, 3.0, 0, 1, 1));
        assertThat(back.third(1)).isEqualTo("b");
    }

    @Test
    void shouldReadAValueWrittenBeforeOccasionsWereKeptWithNoOccasions() {
        byte[] id = "c".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] firstVersion = java.nio.ByteBuffer.allocate(4 + 2 + id.length + 40).putInt(1).putShort((short) id.length).put(id)
                .putLong(4).putDouble(0.5).putDouble(0.1).putDouble(0.2).putDouble(0.3).array();

        PairTriples back = PairTriples.serde().deserializer().deserialize("t", firstVersion);

        assertThat(back.size()).isEqualTo(1);
        assertThat(back.third(0)).isEqualTo("c");
        assertThat(back.stats(0)).isEqualTo(new TripleStats(4, 0.5, 0.1, 0.2, 0.3, 0, 0, 0));
        assertThat(back.stats(0).minJoinRate()).isEqualTo(1.0);
    }

    @Test
    void shouldRejectATruncatedValueWithASerializationError() {
        byte[] bytes = PairTriples.serde().serializer().serialize("t", withThirds("a", "b"));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);

        assertThatThrownBy(() -> PairTriples.serde().deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class);
    }
}
