package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Decides, every {@link Settings#paceMs()}, whether a stream thread of the vote path should commit now or let its
 * transaction grow to the app's (longer) commit interval (decision 0103).
 *
 * <p>Every exactly-once commit costs the broker and the stream thread a fixed price per partition
 * the transaction touched; the vote path touches about thirty. While votes arrive faster than the
 * path can take them, short commits spend CPU the votes need and every vote waits in the queue
 * anyway; while it keeps up, a short commit is what makes a decision visible within milliseconds.
 * The pacer tells the two apart by how long the votes waited before they were processed: the
 * youngest vote of the last interval against the youngest seen over the last minutes (the path's
 * unloaded delay plus any constant clock offset of the producers, as delay-based congestion control
 * does it). A backlog shows as every vote of an interval being older than that by more than
 * {@link Settings#backlogMs()}.
 *
 * <p>Not thread-safe: one per stream thread, used by the tasks it runs.
 */
public final class CommitPacer {
    /** The youngest age is remembered per bucket, so the floor forgets an age after a few minutes. */
    static final int BUCKETS = 5;
    static final long BUCKET_MS = 60_000;

    private final long paceMs;
    private final long backlogMs;
    private long judgedAtMs = Long.MIN_VALUE;
    private final long[] bucketFloor = new long[BUCKETS];
    private long bucketStart = Long.MIN_VALUE;
    private int bucket;
    private long youngest = Long.MAX_VALUE;

    public CommitPacer(long paceMs, long backlogMs) {
        if (paceMs <= 0 || backlogMs < 0) {
            throw new IllegalArgumentException("pace must be positive and backlog not negative: " + paceMs + ", " + backlogMs);
        }
        this.paceMs = paceMs;
        this.backlogMs = backlogMs;
        Arrays.fill(bucketFloor, Long.MAX_VALUE);
    }

    /** A vote stamped {@code timestampMs} (its record time) processed at {@code nowMs}. */
    public void observe(long nowMs, long timestampMs) {
        long age = nowMs - timestampMs;
        if (age < youngest) {
            youngest = age;
        }
    }

    /**
     * Called by each task of the thread once a pace: true when the path keeps up (or saw no vote,
     * so nothing queues) and the thread should commit now; false when the interval's votes all
     * waited in a backlog, or when another task of the thread already judged this interval.
     */
    public boolean commitNow(long nowMs) {
        if (judgedAtMs != Long.MIN_VALUE && nowMs - judgedAtMs < paceMs) {
            return false;
        }
        judgedAtMs = nowMs;
        long age = youngest;
        youngest = Long.MAX_VALUE;
        if (age == Long.MAX_VALUE) {
            return true;
        }
        remember(nowMs, age);
        return age - floor() <= backlogMs;
    }

    private void remember(long nowMs, long age) {
        if (bucketStart == Long.MIN_VALUE) {
            bucketStart = nowMs;
        }
        while (nowMs - bucketStart >= BUCKET_MS) {
            bucket = (bucket + 1) % BUCKETS;
            bucketFloor[bucket] = Long.MAX_VALUE;
            bucketStart += BUCKET_MS;
            if (nowMs - bucketStart >= BUCKET_MS * BUCKETS) {
                // Idle for longer than the whole window: every bucket is stale, start afresh.
                Arrays.fill(bucketFloor, Long.MAX_VALUE);
                bucketStart = nowMs;
            }
        }
        if (age < bucketFloor[bucket]) {
            bucketFloor[bucket] = age;
        }
    }

    private long floor() {
        long floor = Long.MAX_VALUE;
        for (long value : bucketFloor) {
            floor = Math.min(floor, value);
        }
        return floor;
    }

    /**
     * @param paceMs how often the path commits while it keeps up; 0 leaves commits to the app's interval
     * @param backlogMs how much longer than the floor the youngest vote of an interval may have waited
     */
    public record Settings(long paceMs, long backlogMs) {
        public static final Settings OFF = new Settings(0, 0);

        public Settings {
            if (paceMs < 0 || backlogMs < 0) {
                throw new IllegalArgumentException("commit pacing and backlog must not be negative: " + paceMs + ", " + backlogMs);
            }
        }

        /** The pacing of stream app {@code app}: only the fused vote path paces its commits. */
        public static Settings forApp(SynodConfig config, String app) {
            return FusedVotePath.APP.equals(app) ? forVotePath(config) : OFF;
        }

        /**
         * The fused vote path's pacing: commits at {@code kafka.commit.interval.ms} while it keeps up, when its own
         * commit interval (where it may stretch to) is longer; off otherwise.
         */
        public static Settings forVotePath(SynodConfig config) {
            long pace = config.getLong("kafka.commit.interval.ms");
            long stretch = Long.parseLong(StreamsSettings.forApp(config, FusedVotePath.APP, Path.of(""))
                    .getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(pace)));
            return pace > 0 && stretch > pace ? new Settings(pace, config.getLong("streams.vote.path.backlog.ms")) : OFF;
        }

        public boolean enabled() {
            return paceMs > 0;
        }
    }
}
