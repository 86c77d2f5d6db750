package io.synod.reputation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The tracked triples that share their first two members (in id order): each third member, sorted,
 * with that triple's {@link TripleStats} in parallel arrays. A decision with n voters reads and writes
 * C(n,2) of these instead of C(n,3) single triples (190 against 1,140 at 20 voters), and walks each
 * one's thirds in step with its own sorted voters. A decision's counts change it in place and the
 * group check then writes it again (a new one only when thirds are added), so a store that keeps it
 * decoded, as replay's does, holds at every write what a serializing one would.
 */
final class PairTriples {
    static final PairTriples EMPTY = new PairTriples(new String[0], new long[0], new double[0], new double[0], new double[0], new double[0],
            new int[0]);
    /** Bytes of one triple's counts: the count, four expectations and three members' occasions. */
    private static final int STATS_BYTES = 52;
    /** Bytes of one triple's counts as written before the members' occasions were kept. */
    private static final int STATS_BYTES_V1 = 40;
    /** Leads a value written with the members' occasions; a first version's value leads with its (non-negative) size. */
    private static final int VERSION_2 = -2;

    private final String[] thirds;
    private final long[] observed;
    private final double[] expected;
    private final double[] expectedA;
    private final double[] expectedB;
    private final double[] expectedC;
    /** Per triple, three counts in a row: each member's occasions to join the other two (see {@link TripleStats}). */
    private final int[] occasions;

    private PairTriples(String[] thirds, long[] observed, double[] expected, double[] expectedA, double[] expectedB, double[] expectedC,
                        int[] occasions) {
        this.thirds = thirds;
        this.observed = observed;
        this.expected = expected;
        this.expectedA = expectedA;
        this.expectedB = expectedB;
        this.expectedC = expectedC;
        this.occasions = occasions;
    }

    int size() {
        return thirds.length;
    }

    String third(int i) {
        return thirds[i];
    }

    TripleStats stats(int i) {
        return new TripleStats(observed[i], expected[i], expectedA[i], expectedB[i], expectedC[i],
                occasions[3 * i], occasions[3 * i + 1], occasions[3 * i + 2]);
    }

    /** Changes this pair's counts in place and collects new thirds, to be built once. */
    Editor edit() {
        return new Editor(this);
    }

    /** Collects one decision's changes to a pair's triples, then builds the next value once. */
    static final class Editor {
        private final PairTriples base;
        private boolean counted;
        private String[] added = new String[0];
        private int addedCount;

        private Editor(PairTriples base) {
            this.base = base;
        }

        /**
         * Adds one decision's evidence to the i-th existing third's counts, in the base's own arrays:
         * this runs for every tracked triple of a decision's voters, and copying each pair's arrays
         * before its first change was an eighth of what replay allocated on sentiment-sybil60. {@code occasionsMore}
         * has bit 0, 1 or 2 set for each member (in id order) whose other two sat together on a losing option.
         */
        void count(int i, long observedMore, double expectedMore, double expectedAMore, double expectedBMore, double expectedCMore,
                   int occasionsMore) {
            base.observed[i] += observedMore;
            base.expected[i] += expectedMore;
            base.expectedA[i] += expectedAMore;
            base.expectedB[i] += expectedBMore;
            base.expectedC[i] += expectedCMore;
            if (occasionsMore != 0) {
                // Most tracked triples of a decision have no two members together on a losing option.
                base.occasions[3 * i] += occasionsMore & 1;
                base.occasions[3 * i + 1] += (occasionsMore >> 1) & 1;
                base.occasions[3 * i + 2] += occasionsMore >> 2;
            }
            counted = true;
        }

        /** The i-th existing third's counts as edited so far. */
        TripleStats stats(int i) {
            return base.stats(i);
        }

        /** Starts tracking a new third with empty counts; thirds must come in increasing order. */
        void add(String third) {
            if (addedCount == added.length) {
                added = Arrays.copyOf(added, Math.max(4, addedCount * 2));
            }
            added[addedCount++] = third;
        }

        /** Whether anything changed: then the pair must be written again, even when {@link #build} returns the base. */
        boolean changed() {
            return counted || addedCount > 0;
        }

        PairTriples build() {
            if (addedCount == 0) {
                return base;
            }
            int size = base.thirds.length + addedCount;
            String[] thirds = new String[size];
            long[] no = new long[size];
            double[] ne = new double[size];
            double[] nea = new double[size];
            double[] neb = new double[size];
            double[] nec = new double[size];
            int[] noc = new int[3 * size];
            int i = 0;
            int j = 0;
            for (int k = 0; k < size; k++) {
                if (j < addedCount && (i == base.thirds.length || added[j].compareTo(base.thirds[i]) < 0)) {
                    thirds[k] = added[j++];
                } else {
                    thirds[k] = base.thirds[i];
                    no[k] = base.observed[i];
                    ne[k] = base.expected[i];
                    nea[k] = base.expectedA[i];
                    neb[k] = base.expectedB[i];
                    nec[k] = base.expectedC[i];
                    System.arraycopy(base.occasions, 3 * i, noc, 3 * k, 3);
                    i++;
                }
            }
            return new PairTriples(thirds, no, ne, nea, neb, nec, noc);
        }
    }

    /**
     * A version mark and a count, then per third its UTF-8 id (length-prefixed) and 52 bytes of counts. A value
     * of the first version (a count, then 40 bytes of counts per third) still reads, with no occasions.
     */
    static Serde<PairTriples> serde() {
        return Serdes.serdeFrom((topic, pair) -> {
            if (pair == null) {
                return null;
            }
            byte[][] ids = new byte[pair.thirds.length][];
            int bytes = 2 * Integer.BYTES;
            for (int i = 0; i < ids.length; i++) {
                ids[i] = pair.thirds[i].getBytes(StandardCharsets.UTF_8);
                bytes += Short.BYTES + ids[i].length + STATS_BYTES;
            }
            ByteBuffer buffer = ByteBuffer.allocate(bytes).putInt(VERSION_2).putInt(ids.length);
            for (int i = 0; i < ids.length; i++) {
                buffer.putShort((short) ids[i].length).put(ids[i]).putLong(pair.observed[i]).putDouble(pair.expected[i])
                        .putDouble(pair.expectedA[i]).putDouble(pair.expectedB[i]).putDouble(pair.expectedC[i])
                        .putInt(pair.occasions[3 * i]).putInt(pair.occasions[3 * i + 1]).putInt(pair.occasions[3 * i + 2]);
            }
            return buffer.array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                int first = buffer.getInt();
                boolean withOccasions = first == VERSION_2;
                int size = withOccasions ? buffer.getInt() : first;
                if (size < 0 || size > bytes.length / (Short.BYTES + (withOccasions ? STATS_BYTES : STATS_BYTES_V1))) {
                    throw new SerializationException("group pair value claims " + size + " triples in " + bytes.length + " bytes");
                }
                String[] thirds = new String[size];
                long[] observed = new long[size];
                double[] expected = new double[size];
                double[] expectedA = new double[size];
                double[] expectedB = new double[size];
                double[] expectedC = new double[size];
                int[] occasions = new int[3 * size];
                for (int i = 0; i < size; i++) {
                    byte[] id = new byte[Short.toUnsignedInt(buffer.getShort())];
                    buffer.get(id);
                    thirds[i] = new String(id, StandardCharsets.UTF_8);
                    observed[i] = buffer.getLong();
                    expected[i] = buffer.getDouble();
                    expectedA[i] = buffer.getDouble();
                    expectedB[i] = buffer.getDouble();
                    expectedC[i] = buffer.getDouble();
                    if (withOccasions) {
                        occasions[3 * i] = buffer.getInt();
                        occasions[3 * i + 1] = buffer.getInt();
                        occasions[3 * i + 2] = buffer.getInt();
                    }
                }
                return new PairTriples(thirds, observed, expected, expectedA, expectedB, expectedC, occasions);
            } catch (java.nio.BufferUnderflowException e) {
                throw new SerializationException("truncated group pair value of " + bytes.length + " bytes", e);
            }
        });
    }
}
