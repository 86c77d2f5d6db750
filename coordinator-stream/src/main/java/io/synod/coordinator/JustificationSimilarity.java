package io.synod.coordinator;

import io.synod.text.TextFingerprint;
import java.util.List;

/**
 * How alike a group's justifications are: the mean pairwise Jaccard similarity of their word
 * bigrams, with the option labels masked so that "option 1" and "option 2" read the same. An empty
 * justification is no evidence of copying and counts as dissimilar.
 *
 * <p>A text's bigrams are a sorted array of distinct 64-bit numbers, each a hash of its two tokens
 * ({@link TextFingerprint#bigrams}): a text's numbers do not depend on the texts it is compared
 * with, so replay computes them once, ahead, with the tokens. Strings and hash sets per bigram were
 * most of a round's close (profiled), and then numbering tokens per round was.
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

    /** Each text's distinct bigrams, sorted, as {@link TextFingerprint#bigrams} numbers them, to compare with {@link #jaccard}. */
    static long[][] shingles(List<String> texts, List<String> options) {
        long[][] shingles = new long[texts.size()][];
        for (int i = 0; i < shingles.length; i++) {
            shingles[i] = bigrams(texts.get(i), options);
        }
        return shingles;
    }

    /** The text's distinct word bigrams with option labels and numbers masked; apostrophes split words here. */
    static long[] bigrams(String text, List<String> options) {
        return TextFingerprint.bigrams(TextFingerprint.tokens(text, options, false));
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

    /**
     * Whether {@code jaccard(a, b) >= threshold}, exactly, stopping as soon as the bigrams left cannot
     * bring it there: the copy check asks this of every pair of a round's justifications, and most
     * pairs are far apart (lengths alone rule many out). The similarity grows with the common count
     * (the sizes are fixed), and a correctly rounded division keeps that order, so comparing the
     * common count with the least one that reaches the threshold gives the same answer as the
     * division.
     */
    static boolean reaches(long[] a, long[] b, double threshold) {
        if (a.length == 0 || b.length == 0 || !(threshold > 0.0)) {
            return jaccard(a, b) >= threshold;
        }
        int sizes = a.length + b.length;
        int most = Math.min(a.length, b.length);
        int needed = leastCommon(sizes, most, threshold);
        if (needed > most) {
            return false;
        }
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                if (++common >= needed) {
                    return true;
                }
                i++;
                j++;
            } else {
                if (a[i] < b[j]) {
                    i++;
                } else {
                    j++;
                }
                if (common + Math.min(a.length - i, b.length - j) < needed) {
                    return false;
                }
            }
        }
        return common >= needed;
    }

    /** The least common count c ≤ most with c / (sizes − c) ≥ threshold as {@link #jaccard} divides, or most + 1. */
    private static int leastCommon(int sizes, int most, double threshold) {
        int c = Math.max(0, (int) Math.floor(threshold * sizes / (1.0 + threshold)) - 1);
        while (c <= most && (double) c / (sizes - c) < threshold) {
            c++;
        }
        return c;
    }
}
