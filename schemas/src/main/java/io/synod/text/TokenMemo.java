package io.synod.text;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * A bounded memo of {@link TextFingerprint#tokens(String, List, boolean)}, off unless a process
 * turns it on. Replay does: its reader thread tokenizes each vote's justification as it parses the
 * line, ahead of the pipeline, and the detector, the coordinator's copy check and the reputation
 * profile then find the tokens (and the SimHash and content-word count computed on them) instead
 * of each scanning the text again on the pipeline's thread. Tokens are a pure function of the
 * text, the option labels as a set and the apostrophe rule, so a hit returns exactly what a miss
 * computes and nothing downstream can tell the difference; an entry evicted too early costs a
 * recomputation, never a different answer. Oldest entries go first: the pipeline reads them in
 * the order the reader wrote them.
 */
final class TokenMemo {
    /** The labels as a sorted list, not joined into one string: a label may hold any character. */
    private record Key(String text, boolean apostrophes, List<String> labels) {
    }

    private static volatile TokenMemo active;

    private final int capacity;
    private final ConcurrentHashMap<Key, Tokens> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();

    TokenMemo(int capacity) {
        this.capacity = capacity;
    }

    /** Turns the memo on for this process (idempotent; the first capacity stays). */
    static synchronized void enable(int capacity) {
        if (active == null) {
            active = new TokenMemo(capacity);
        }
    }

    /** The memo, or null when it is off. */
    static TokenMemo active() {
        return active;
    }

    List<String> tokens(String text, List<String> options, boolean apostrophes, Supplier<List<String>> compute) {
        Key key = new Key(text, apostrophes, labels(options));
        Tokens found = entries.get(key);
        if (found != null) {
            return found;
        }
        Tokens computed = new Tokens(compute.get().toArray(new String[0]));
        if (entries.putIfAbsent(key, computed) == null) {
            order.add(key);
            if (entries.size() > capacity) {
                Key oldest = order.poll();
                if (oldest != null) {
                    entries.remove(oldest);
                }
            }
        }
        return computed;
    }

    /** The option labels as the tokenizer sees them: lower-cased, as a set (the callers' lists differ in order). */
    private static List<String> labels(List<String> options) {
        if (options.isEmpty()) {
            return List.of();
        }
        String[] labels = new String[options.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = options.get(i).toLowerCase(Locale.ROOT);
        }
        Arrays.sort(labels);
        return Arrays.asList(labels);
    }

    /**
     * A memoised token list, read-only (every caller only reads tokens), carrying the features
     * computed from it. The features are immutable records, ints or never-changed arrays computed
     * deterministically, so a race between two threads computing one of them at once stores equal values.
     */
    static final class Tokens extends AbstractList<String> implements RandomAccess {
        private final String[] tokens;
        private TextFingerprint.Print print;
        private int contentWords = -1;
        /** Volatile: an array's elements, unlike a record's final fields, are not safely published by a racy write. */
        private volatile long[] bigrams;

        private Tokens(String[] tokens) {
            this.tokens = tokens;
        }

        @Override
        public String get(int index) {
            return tokens[index];
        }

        @Override
        public int size() {
            return tokens.length;
        }

        TextFingerprint.Print print() {
            TextFingerprint.Print known = print;
            if (known == null) {
                known = TextFingerprint.computePrint(this);
                print = known;
            }
            return known;
        }

        long[] bigrams() {
            long[] known = bigrams;
            if (known == null) {
                known = TextFingerprint.computeBigrams(this);
                bigrams = known;
            }
            return known;
        }

        int contentWords() {
            int known = contentWords;
            if (known < 0) {
                known = TextFingerprint.countContentWords(this);
                contentWords = known;
            }
            return known;
        }
    }
}
