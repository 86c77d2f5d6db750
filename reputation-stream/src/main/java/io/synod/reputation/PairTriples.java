package io.synod.reputation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The tracked triples that share their first two members (in id order): each third member, sorted,
 * with that triple's {@link TripleStats} in one row of counts. A decision with n voters reads and writes
 * C(n,2) of these instead of C(n,3) single triples (190 against 1,140 at 20 voters), and looks each
 * voter after the pair up among that pair's thirds. A decision's counts change it in place and the
 * group check then writes it again (a new one only when thirds are added), so a store that keeps it
 * decoded, as replay's does, holds at every write what a serializing one would.
 */
final class PairTriples {
    static final PairTriples EMPTY = new PairTriples(new String[0], new double[0]);
    /** Bytes of one triple's counts: the count, four expectations and three members' occasions. */
    private static final int STATS_BYTES = 52;
    /** Bytes of one triple's counts as written before the members' occasions were kept. */
    private static final int STATS_BYTES_V1 = 40;
    /** Leads a value written with the members' occasions; a first version's value leads with its (non-negative) size. */
    private static final int VERSION_2 = -2;
    /**
     * A triple's row: its count, the four expectations, and each member's occasions to join the other
     * two (see {@link TripleStats}). The counts are whole numbers far below 2^53, exact as doubles; one
     * row is one cache line, where parallel arrays cost a miss per field on the million triples a long
     * replay tracks.
     */
    private static final int ROW = 8;
    private static final int OBSERVED = 0;
    private static final int EXPECTED = 1;
    private static final int EXPECTED_A = 2;
    private static final int EXPECTED_B = 3;
    private static final int EXPECTED_C = 4;
    private static final int OCCASIONS = 5;

    private final String[] thirds;
    private final double[] rows;
    /**
     * The thirds by hash, open addressing, built on the first lookup: per slot the third's hash in the
     * high half and its index + 1 in the low (0 empty), so a probe that misses reads no string. A pair
     * tracks a third for every agent it ever erred with, often several times the voters of one decision,
     * so walking its sorted thirds in step with the voters was the largest part of the group check's time.
     */
    private long[] slots;

    private PairTriples(String[] thirds, double[] rows) {
        this.thirds = thirds;
        this.rows = rows;
    }

    int size() {
        return thirds.length;
    }

    String third(int i) {
        return thirds[i];
    }

    /** The index of this third, or -1 when the pair does not track it. */
    int indexOf(String third) {
        if (thirds.length == 0) {
            return -1;
        }
        long[] table = slots == null ? index() : slots;
        int mask = table.length - 1;
        int hash = third.hashCode();
        for (int slot = spread(hash) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int i = (int) table[slot] - 1;
            if ((int) (table[slot] >>> 32) == hash && thirds[i].equals(third)) {
                return i;
            }
        }
        return -1;
    }

    private long[] index() {
        // At most half full, so a probe for an absent third ends soon.
        long[] table = new long[Integer.highestOneBit(Math.max(1, thirds.length) * 2) * 2];
        int mask = table.length - 1;
        for (int i = 0; i < thirds.length; i++) {
            int hash = thirds[i].hashCode();
            int slot = spread(hash) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = (long) hash << 32 | (i + 1);
        }
        slots = table;
        return table;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    TripleStats stats(int i) {
        int row = ROW * i;
        return new TripleStats((long) rows[row + OBSERVED], rows[row + EXPECTED], rows[row + EXPECTED_A], rows[row + EXPECTED_B], rows[row + EXPECTED_C],
                (int) rows[row + OCCASIONS], (int) rows[row + OCCASIONS + 1], (int) rows[row + OCCASIONS + 2]);
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
         * Adds one decision's evidence to the i-th existing third's counts, in the base's own row:
         * this runs for every tracked triple of a decision's voters, and copying each pair's counts
         * before its first change was an eighth of what replay allocated on sentiment-sybil60. {@code occasionsMore}
         * has bit 0, 1 or 2 set for each member (in id order) whose other two sat together on a losing option.
         */
        void count(int i, long observedMore, double expectedMore, double expectedAMore, double expectedBMore, double expectedCMore,
                   int occasionsMore) {
            double[] rows = base.rows;
            int row = ROW * i;
            rows[row + OBSERVED] += observedMore;
            rows[row + EXPECTED] += expectedMore;
            rows[row + EXPECTED_A] += expectedAMore;
            rows[row + EXPECTED_B] += expectedBMore;
            rows[row + EXPECTED_C] += expectedCMore;
            if (occasionsMore != 0) {
                // Most tracked triples of a decision have no two members together on a losing option.
                rows[row + OCCASIONS] += occasionsMore & 1;
                rows[row + OCCASIONS + 1] += (occasionsMore >> 1) & 1;
                rows[row + OCCASIONS + 2] += occasionsMore >> 2;
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
            double[] rows = new double[ROW * size];
            int i = 0;
            int j = 0;
            for (int k = 0; k < size; k++) {
                if (j < addedCount && (i == base.thirds.length || added[j].compareTo(base.thirds[i]) < 0)) {
                    thirds[k] = added[j++];
                } else {
                    thirds[k] = base.thirds[i];
                    System.arraycopy(base.rows, ROW * i, rows, ROW * k, ROW);
                    i++;
                }
            }
            return new PairTriples(thirds, rows);
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
                int row = ROW * i;
                buffer.putShort((short) ids[i].length).put(ids[i]).putLong((long) pair.rows[row + OBSERVED]).putDouble(pair.rows[row + EXPECTED])
                        .putDouble(pair.rows[row + EXPECTED_A]).putDouble(pair.rows[row + EXPECTED_B]).putDouble(pair.rows[row + EXPECTED_C])
                        .putInt((int) pair.rows[row + OCCASIONS]).putInt((int) pair.rows[row + OCCASIONS + 1])
                        .putInt((int) pair.rows[row + OCCASIONS + 2]);
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
                double[] rows = new double[ROW * size];
                for (int i = 0; i < size; i++) {
                    byte[] id = new byte[Short.toUnsignedInt(buffer.getShort())];
                    buffer.get(id);
                    thirds[i] = new String(id, StandardCharsets.UTF_8);
                    int row = ROW * i;
                    rows[row + OBSERVED] = buffer.getLong();
                    for (int k = EXPECTED; k < OCCASIONS; k++) {
                        rows[row + k] = buffer.getDouble();
                    }
                    if (withOccasions) {
                        for (int k = OCCASIONS; k < ROW; k++) {
                            rows[row + k] = buffer.getInt();
                        }
                    }
                }
                return new PairTriples(thirds, rows);
            } catch (java.nio.BufferUnderflowException e) {
                throw new SerializationException("truncated group pair value of " + bytes.length + " bytes", e);
            }
        });
    }
}
