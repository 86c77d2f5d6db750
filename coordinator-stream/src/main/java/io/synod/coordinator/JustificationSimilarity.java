package io.synod.coordinator;

import io.synod.text.TextFingerprint;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How alike a group's justifications are: the mean pairwise Jaccard similarity of their word
 * bigrams, with the option labels masked so that "option 1" and "option 2" read the same. An empty
 * justification is no evidence of copying and counts as dissimilar.
 *
 * <p>A text's bigrams are a sorted array of distinct numbers, each a pair of token numbers given
 * out by one {@link Tokens} shared by the texts compared: tokens hold no spaces, so two bigrams
 * are the same words exactly when their numbers are equal, and similarities are those of the word
 * bigrams. Strings and hash sets per bigram were most of a round's close (profiled).
 */
final class JustificationSimilarity {
    private JustificationSimilarity() {
    }

    static double meanPairwise(List<String> texts, List<String> options) {
        long[][] shingles = shingles(texts, options);
        double total = 0.0;
        int pairs = 0;
        for (int i = 0; i < shingles.length; i++) {
            for (int j = i + 1; j < shingles.length; j++) {
                total += jaccard(shingles[i], shingles[j]);
                pairs++;
            }
        }
        return pairs == 0 ? 0.0 : total / pairs;
    }

    /** Each text's distinct bigrams, sorted, numbered by one {@link Tokens} so that they compare with {@link #jaccard}. */
    static long[][] shingles(List<String> texts, List<String> options) {
        Tokens tokens = new Tokens(options);
        long[][] shingles = new long[texts.size()][];
        for (int i = 0; i < shingles.length; i++) {
            shingles[i] = tokens.bigrams(texts.get(i));
        }
        return shingles;
    }

    static double jaccard(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0.0;
        }
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    /** Numbers for the tokens of the texts compared together; option labels and numbers are one token, '#'. */
    static final class Tokens {
        private final List<String> options;
        private final Map<String, Integer> numbers = new HashMap<>();

        Tokens(List<String> options) {
            this.options = options;
        }

        /** The text's distinct bigrams, sorted. */
        long[] bigrams(String text) {
            List<String> words = TextFingerprint.tokens(text, options, false);
            if (words.size() < 2) {
                return new long[0];
            }
            long[] bigrams = new long[words.size() - 1];
            long previous = number(words.get(0));
            for (int i = 1; i < words.size(); i++) {
                long token = number(words.get(i));
                bigrams[i - 1] = previous << 32 | token;
                previous = token;
            }
            Arrays.sort(bigrams);
            int distinct = 0;
            for (int i = 0; i < bigrams.length; i++) {
                if (i == 0 || bigrams[i] != bigrams[i - 1]) {
                    bigrams[distinct++] = bigrams[i];
                }
            }
            return distinct == bigrams.length ? bigrams : Arrays.copyOf(bigrams, distinct);
        }

        private int number(String token) {
            Integer number = numbers.get(token);
            if (number == null) {
                number = numbers.size();
                numbers.put(token, number);
            }
            return number;
        }
    }
}
