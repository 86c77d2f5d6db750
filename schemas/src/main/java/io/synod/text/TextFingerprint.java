package io.synod.text;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cheap, deterministic features of a justification shared by the detector (per vote) and the
 * reputation stream (per agent): word tokens with the proposal's option labels and numbers masked,
 * so that "approve because X" and "reject because X" read the same; a 64-bit SimHash over word
 * bigrams for near-duplicate tests; and the number of distinct content words as a measure of how
 * much a justification says.
 */
public final class TextFingerprint {
    /** Fewer distinct bigrams than this and a text is too short to compare. */
    public static final int MIN_BIGRAMS = 5;
    private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "that", "this", "with", "but", "are", "was", "not",
            "its", "it's", "from", "have", "has", "had", "all", "any", "can", "will", "would", "there", "their", "than", "then",
            "them", "they", "you", "your", "our", "option", "looks", "same", "usual", "right", "yes", "agree", "fine", "ok", "okay");

    private TextFingerprint() {
    }

    /** Lower-case word tokens, option labels and numbers replaced by '#'; "it's" is one word. */
    public static List<String> tokens(String text, List<String> options) {
        return tokens(text, options, true);
    }

    /**
     * Lower-case word tokens, option labels and numbers replaced by '#', with apostrophes inside
     * words ("it's" one word) or between them ("it", "s"), as the caller's comparison was defined.
     */
    public static List<String> tokens(String text, List<String> options, boolean apostrophes) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        TokenMemo memo = TokenMemo.active();
        if (memo != null) {
            return memo.tokens(text, options, apostrophes, () -> scan(text, options, apostrophes));
        }
        return scan(text, options, apostrophes);
    }

    /**
     * Keeps the last {@code capacity} token lists (and the features computed on them) for this
     * process, so that a text tokenized ahead, or by an earlier stage, is not scanned again; see
     * {@link TokenMemo}. For replay, whose stages all run on one thread; the live apps leave it off.
     */
    public static void memoize(int capacity) {
        TokenMemo.enable(capacity);
    }

    /**
     * Computes, ahead of its readers, what the detector, the copy check and the reputation profile
     * will ask of a vote's justification; a no-op unless {@link #memoize} was called.
     */
    public static void warm(String text, List<String> options) {
        if (TokenMemo.active() == null || text == null || text.isBlank()) {
            return;
        }
        List<String> tokens = tokens(text, options, true);
        print(tokens);
        contentWords(tokens);
        bigrams(tokens(text, options, false));
    }

    static List<String> scan(String text, List<String> options, boolean apostrophes) {
        Set<String> labels = new HashSet<>();
        for (String option : options) {
            labels.add(option.toLowerCase(Locale.ROOT));
        }
        List<String> words = Words.of(text.toLowerCase(Locale.ROOT), apostrophes);
        java.util.ArrayList<String> tokens = new java.util.ArrayList<>(words.size());
        for (String word : words) {
            tokens.add(labels.contains(word) || allDigits(word) ? "#" : word);
        }
        return tokens;
    }

    /** Distinct words of three letters or more that are not stop words or option labels. */
    public static int contentWords(List<String> tokens) {
        return tokens instanceof TokenMemo.Tokens memoized ? memoized.contentWords() : countContentWords(tokens);
    }

    static int countContentWords(List<String> tokens) {
        Set<String> content = new HashSet<>();
        for (String token : tokens) {
            if (token.length() >= 3 && !STOPWORDS.contains(token) && !"#".equals(token)) {
                content.add(token);
            }
        }
        return content.size();
    }

    /** The SimHash of a text's word bigrams and how many distinct bigrams it has, found in one pass. */
    public record Print(long simhash, int distinctBigrams) {
    }

    public static int distinctBigrams(List<String> tokens) {
        return print(tokens).distinctBigrams();
    }

    /** SimHash of the word bigrams: texts that share most bigrams differ in few bits. */
    public static long simhash(List<String> tokens) {
        return print(tokens).simhash();
    }

    /**
     * Both features without building a string per bigram: the hash of a bigram is computed from its
     * two tokens as if joined by a space, and distinct bigrams are told apart by that hash in a
     * small open-addressing table, confirmed on the tokens themselves (tokens hold no spaces, so a
     * bigram is its pair of tokens). Every vote's text is fingerprinted by both the detector and the
     * reputation stream, and the string-and-set version was most of that cost (profiled).
     */
    public static Print print(List<String> tokens) {
        return tokens instanceof TokenMemo.Tokens memoized ? memoized.print() : computePrint(tokens);
    }

    static Print computePrint(List<String> tokens) {
        int bigrams = tokens.size() - 1;
        if (bigrams <= 0) {
            return new Print(0L, 0);
        }
        int capacity = Integer.highestOneBit(bigrams) << 2;
        long[] hashes = new long[capacity];
        int[] ends = new int[capacity];
        // How many bigram hashes have each bit set, as a bit-sliced counter: slice s holds bit s of all
        // 64 counts, so adding a hash is a ripple of carries, about two steps, instead of 64 adds.
        long[] slices = new long[32];
        int used = 0;
        int distinct = 0;
        for (int i = 1; i <= bigrams; i++) {
            String first = tokens.get(i - 1);
            String second = tokens.get(i);
            long hash = mix(first, second);
            int slot = (int) hash & (capacity - 1);
            boolean seen = false;
            while (ends[slot] != 0) {
                int end = ends[slot];
                if (hashes[slot] == hash && tokens.get(end - 1).equals(first) && tokens.get(end).equals(second)) {
                    seen = true;
                    break;
                }
                slot = (slot + 1) & (capacity - 1);
            }
            if (seen) {
                continue;
            }
            hashes[slot] = hash;
            ends[slot] = i;
            distinct++;
            long carry = hash;
            for (int slice = 0; carry != 0; slice++) {
                long both = slices[slice] & carry;
                slices[slice] ^= carry;
                carry = both;
                used = Math.max(used, slice + 1);
            }
        }
        // A bit is set in the print when more hashes have it set than not: 2 × count > distinct.
        long print = 0L;
        for (int bit = 0; bit < 64; bit++) {
            long count = 0;
            for (int slice = 0; slice < used; slice++) {
                count |= ((slices[slice] >>> bit) & 1L) << slice;
            }
            if (2 * count > distinct) {
                print |= 1L << bit;
            }
        }
        return new Print(print, distinct);
    }

    /**
     * The text's distinct word bigrams as sorted 64-bit numbers (each the hash of its two tokens that
     * the SimHash uses), so that two texts' shared bigrams are found by merging two arrays: set
     * similarities without a string or a hash set per bigram. Distinct bigrams get equal numbers only by a 64-bit
     * collision (about one in 10^7 over a million distinct bigrams), which at worst counts one bigram
     * as shared. Memoised with the tokens in replay; the array is shared there, so callers must not
     * change it.
     */
    public static long[] bigrams(List<String> tokens) {
        return tokens instanceof TokenMemo.Tokens memoized ? memoized.bigrams() : computeBigrams(tokens);
    }

    static long[] computeBigrams(List<String> tokens) {
        if (tokens.size() < 2) {
            return new long[0];
        }
        long[] bigrams = new long[tokens.size() - 1];
        for (int i = 1; i < tokens.size(); i++) {
            bigrams[i - 1] = mix(tokens.get(i - 1), tokens.get(i));
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

    /** 1 for identical fingerprints, about 0.5 for unrelated texts. */
    public static double similarity(long a, long b) {
        return 1.0 - Long.bitCount(a ^ b) / 64.0;
    }

    /**
     * 64-bit FNV-1a of {@code first + ' ' + second} followed by a finaliser: stable across JVMs,
     * unlike String.hashCode spreading.
     */
    private static long mix(String first, String second) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < first.length(); i++) {
            h ^= first.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= ' ';
        h *= 0x100000001b3L;
        for (int i = 0; i < second.length(); i++) {
            h ^= second.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static boolean allDigits(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
