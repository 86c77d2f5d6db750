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
    /**
     * The labels as a sorted list, not joined into one string: a label may hold any character. Its
     * hash is computed once and compared first; a record's generated equals and hashCode go through
     * method handles, which the client compiler does not inline (a lookup took over a microsecond).
     */
    private static final class Key {
        private final String text;
        private final boolean apostrophes;
        private final List<String> labels;
        private final int hash;

        Key(String text, boolean apostrophes, List<String> labels) {
            this.text = text;
            this.apostrophes = apostrophes;
            this.labels = labels;
            this.hash = (text.hashCode() * 31 + labels.hashCode()) * 2 + (apostrophes ? 1 : 0);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && apostrophes == key.apostrophes && text.equals(key.text)
                    && labels.equals(key.labels);
        }
    }

    /**
     * The labels last computed and the options they came from, in order, copied: most proposals of a
     * dataset offer the same options, and the reader thread and the pipeline ask with different
     * proposals' lists at once. Compared option by option, so a list changed in place since is
     * never taken for the one it was.
     */
    private record LastLabels(String[] options, List<String> labels) {
        boolean from(List<String> candidate) {
            if (candidate.size() != options.length) {
                return false;
            }
            for (int i = 0; i < options.length; i++) {
                if (!options[i].equals(candidate.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Beyond this many distinct tokens (far more than a language's words) new ones are kept as they come: memory stays bounded. */
    private static final int VOCABULARY_LIMIT = 1 << 18;
    private static volatile TokenMemo active;

    private final int capacity;
    private final ConcurrentHashMap<Key, Tokens> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();
    private final SharedStrings vocabulary = new SharedStrings(VOCABULARY_LIMIT);
    /** Racy by design: a stale or missing entry only means the labels are computed again. */
    private volatile LastLabels lastLabels;

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
        LastLabels last = lastLabels;
        List<String> labels;
        if (last != null && last.from(options)) {
            labels = last.labels();
        } else {
            labels = labels(options);
            lastLabels = new LastLabels(options.toArray(new String[0]), labels);
        }
        Key key = new Key(text, apostrophes, labels);
        Tokens found = entries.get(key);
        if (found != null) {
            return found;
        }
        Tokens computed = new Tokens(shared(compute.get()));
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

    /**
     * The tokens as the vocabulary's instances: a memoised list lives until some thirty thousand later
     * ones push it out, so it outlives a young collection and its tokens, a fresh string per word, were
     * promoted with it (most of what a replay promoted besides its state); shared, a list promotes
     * only its array. Equal strings either way: nothing downstream can tell.
     */
    private String[] shared(List<String> tokens) {
        String[] shared = new String[tokens.size()];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = vocabulary.of(tokens.get(i));
        }
        return shared;
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
        return List.of(labels);
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
