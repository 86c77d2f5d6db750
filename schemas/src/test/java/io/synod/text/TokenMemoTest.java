package io.synod.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenMemoTest {
    private static final List<String> WORDS = List.of("Approve", "reject", "A", "b", "it's", "budget", "risk", "the", "12", "x1",
            "'quoted'", "don't", "Ünïcode", "中文", "latency", "p99", "same", "option");

    @Test
    void shouldGiveExactlyWhatTheScanGivesWhateverTheOptionOrderAndCase() {
        TextFingerprint.memoize(1_024);
        Random random = new Random(3);
        for (int n = 0; n < 3_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                text.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextBoolean() ? " " : ", ");
            }
            List<String> options = new ArrayList<>(List.of("approve", "Reject", "a", "B").subList(0, 1 + random.nextInt(4)));
            Collections.shuffle(options, random);
            List<String> upper = options.stream().map(String::toUpperCase).toList();
            boolean apostrophes = random.nextBoolean();
            String input = text.toString();

            List<String> expected = TextFingerprint.scan(input, options, apostrophes);
            if (input.isBlank()) {
                continue;
            }
            List<String> first = TextFingerprint.tokens(input, options, apostrophes);
            List<String> again = TextFingerprint.tokens(input, upper, apostrophes);

            assertThat(first).as(input).containsExactlyElementsOf(expected);
            assertThat(again).as("option labels are compared as a lower-cased set").isSameAs(first);
            assertThat(TextFingerprint.print(first)).isEqualTo(TextFingerprint.computePrint(new ArrayList<>(expected)));
            assertThat(TextFingerprint.contentWords(first)).isEqualTo(TextFingerprint.countContentWords(new ArrayList<>(expected)));
            assertThat(TextFingerprint.bigrams(first)).isEqualTo(TextFingerprint.computeBigrams(new ArrayList<>(expected)));
        }
    }

    @Test
    void shouldNotShareTokensBetweenDifferentOptionsOrApostropheRules() {
        TokenMemo memo = new TokenMemo(16);
        List<String> approve = memo.tokens("approve it's fine", List.of("approve"), true, () -> List.of("#", "it's", "fine"));
        List<String> other = memo.tokens("approve it's fine", List.of("reject"), true, () -> List.of("approve", "it's", "fine"));
        List<String> split = memo.tokens("approve it's fine", List.of("approve"), false, () -> List.of("#", "it", "s", "fine"));

        assertThat(approve).containsExactly("#", "it's", "fine");
        assertThat(other).containsExactly("approve", "it's", "fine");
        assertThat(split).containsExactly("#", "it", "s", "fine");
    }

    @Test
    void shouldNotTakeAnOptionsListChangedInPlaceForTheOneItHeldBefore() {
        TokenMemo memo = new TokenMemo(16);
        List<String> options = new ArrayList<>(List.of("approve"));
        List<String> before = memo.tokens("approve it", options, true, () -> List.of("#", "it"));
        options.set(0, "reject");
        List<String> after = memo.tokens("approve it", options, true, () -> List.of("approve", "it"));

        assertThat(before).containsExactly("#", "it");
        assertThat(after).containsExactly("approve", "it");
    }

    @Test
    void shouldNotTakeALabelHoldingASeparatorForTwoLabels() {
        TokenMemo memo = new TokenMemo(16);
        List<String> one = memo.tokens("a b", List.of("a\u0000b"), true, () -> List.of("a", "b"));
        List<String> two = memo.tokens("a b", List.of("a", "b"), true, () -> List.of("#", "#"));

        assertThat(one).containsExactly("a", "b");
        assertThat(two).containsExactly("#", "#");
    }

    @Test
    void shouldForgetTheOldestEntriesBeyondItsCapacityAndComputeThemAgain() {
        TokenMemo memo = new TokenMemo(2);
        AtomicInteger scans = new AtomicInteger();
        for (String text : List.of("one", "two", "three", "three", "one")) {
            memo.tokens(text, List.of(), true, () -> {
                scans.incrementAndGet();
                return List.of(text);
            });
        }

        assertThat(scans).as("'three' hit once, 'one' was evicted by 'three' and scanned again").hasValue(4);
    }

    @Test
    void shouldHandOutTokenListsNobodyCanChange() {
        TokenMemo memo = new TokenMemo(4);
        List<String> tokens = memo.tokens("a b", List.of(), true, () -> List.of("a", "b"));

        assertThatThrownBy(() -> tokens.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tokens.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldHoldOneInstanceOfAWordAcrossTheTextsItTokenized() {
        TokenMemo memo = new TokenMemo(16);
        List<String> first = memo.tokens("the evidence holds", List.of(), true, () -> List.of(new String("the"), new String("evidence"), "holds"));
        List<String> second = memo.tokens("no evidence", List.of(), true, () -> List.of("no", new String("evidence")));

        assertThat(second).containsExactly("no", "evidence");
        assertThat(second.get(1)).isSameAs(first.get(1));
    }
}
