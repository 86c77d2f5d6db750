package io.synod.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextFingerprintTest {
    private static final List<String> VOCABULARY = List.of("approve", "reject", "#", "the", "agent's", "budget", "risk", "ok", "é", "中文",
            "a", "ab", "ba", "b", "x1", "1x", "latency", "p99");

    /** The definition: SimHash over the distinct strings "first second" with the 64-bit FNV-1a and finaliser. */
    private static long referenceSimhash(List<String> tokens) {
        int[] weights = new int[64];
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < tokens.size(); i++) {
            String bigram = tokens.get(i - 1) + ' ' + tokens.get(i);
            if (!seen.add(bigram)) {
                continue;
            }
            long h = 0xcbf29ce484222325L;
            for (int c = 0; c < bigram.length(); c++) {
                h ^= bigram.charAt(c);
                h *= 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            for (int bit = 0; bit < 64; bit++) {
                weights[bit] += ((h >>> bit) & 1L) == 1L ? 1 : -1;
            }
        }
        long print = 0L;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                print |= 1L << bit;
            }
        }
        return print;
    }

    private static int referenceDistinctBigrams(List<String> tokens) {
        Set<String> bigrams = new HashSet<>();
        for (int i = 1; i < tokens.size(); i++) {
            bigrams.add(tokens.get(i - 1) + ' ' + tokens.get(i));
        }
        return bigrams.size();
    }

    @Test
    void shouldFingerprintExactlyAsTheBigramStringDefinitionDoes() {
        Random random = new Random(5);
        for (int n = 0; n < 20_000; n++) {
            // Small vocabularies repeat bigrams often, which exercises the duplicate test.
            int vocabulary = 1 + random.nextInt(VOCABULARY.size());
            List<String> tokens = new ArrayList<>();
            int length = random.nextInt(n % 10 == 0 ? 300 : 25);
            for (int i = 0; i < length; i++) {
                tokens.add(VOCABULARY.get(random.nextInt(vocabulary)));
            }
            TextFingerprint.Print print = TextFingerprint.print(tokens);
            assertThat(print.simhash()).as("%s", tokens).isEqualTo(referenceSimhash(tokens));
            assertThat(print.distinctBigrams()).as("%s", tokens).isEqualTo(referenceDistinctBigrams(tokens));
        }
    }

    @Test
    void shouldFingerprintLongTextsWithThousandsOfDistinctBigramsAsTheDefinitionDoes() {
        Random random = new Random(8);
        for (int n = 0; n < 20; n++) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                tokens.add("w" + random.nextInt(300));
            }
            TextFingerprint.Print print = TextFingerprint.print(tokens);
            assertThat(print.distinctBigrams()).isGreaterThan(4_000);
            assertThat(print.simhash()).isEqualTo(referenceSimhash(tokens));
        }
    }

    @Test
    void shouldNumberEachDistinctBigramOnceInOrderAndAlikeInEveryText() {
        Random random = new Random(13);
        for (int n = 0; n < 5_000; n++) {
            List<String> tokens = new ArrayList<>();
            int vocabulary = 1 + random.nextInt(VOCABULARY.size());
            for (int i = random.nextInt(n % 10 == 0 ? 200 : 20); i > 0; i--) {
                tokens.add(VOCABULARY.get(random.nextInt(vocabulary)));
            }
            long[] bigrams = TextFingerprint.bigrams(tokens);

            assertThat(bigrams).as("%s", tokens).hasSize(referenceDistinctBigrams(tokens)).isSorted();
            assertThat(Arrays.stream(bigrams).distinct().count()).isEqualTo(bigrams.length);
            for (int i = 1; i < tokens.size(); i++) {
                // A bigram's number is its own, whatever text it is in.
                assertThat(bigrams).contains(TextFingerprint.bigrams(List.of(tokens.get(i - 1), tokens.get(i)))[0]);
            }
        }
    }

    @Test
    void shouldMaskOptionLabelsAndNumbers() {
        assertThat(TextFingerprint.tokens("Approve: costs fell 12% and it's ²nd-best", List.of("approve", "reject")))
                .containsExactly("#", "costs", "fell", "#", "and", "it's", "²nd", "best");
    }
}
