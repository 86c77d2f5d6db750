package io.synod.app.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.synod.app.runtime.SynodNode;
import io.synod.reputation.mirror.PostgresMirror;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the PostgreSQL mirror kept up during a measured window, from its own metrics
 * ({@code synod_mirror_lag_seconds}: Kafka record timestamp to PostgreSQL commit) and row count,
 * and how long it took to catch up once the load stopped.
 */
record MirrorStats(double rowsPerSecond, double meanLagMs, double maxLagAtMostMs, double shareWithinOneSecond, double catchUpSeconds) {

    /** The mirror's counters at the start of a window. */
    record Probe(SynodNode node, long startNs, long rows, long count, double totalMs, HistogramSnapshot histogram) {
        MirrorStats finish() {
            PostgresMirror mirror = node.mirror();
            Timer lag = timer(node);
            if (mirror == null || lag == null) {
                return new MirrorStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double seconds = (System.nanoTime() - startNs) / 1e9;
            HistogramSnapshot now = lag.takeSnapshot();
            long records = now.count() - count;
            double within = withinOneSecond(now) - withinOneSecond(histogram);
            return new MirrorStats((mirror.mirrored() - rows) / seconds,
                    records == 0 ? Double.NaN : (now.total(TimeUnit.MILLISECONDS) - totalMs) / records,
                    maxAtMost(histogram, now), records == 0 ? Double.NaN : within / records, Double.NaN);
        }
    }

    static Probe probe(SynodNode node) {
        Timer lag = timer(node);
        HistogramSnapshot snapshot = lag == null ? HistogramSnapshot.empty(0, 0, 0) : lag.takeSnapshot();
        return new Probe(node, System.nanoTime(), node.mirror() == null ? 0 : node.mirror().mirrored(), snapshot.count(),
                snapshot.total(TimeUnit.MILLISECONDS), snapshot);
    }

    private static Timer timer(SynodNode node) {
        return node.observability().registry().find("synod.mirror.lag").timer();
    }

    /**
     * An upper bound of the largest lag recorded between the two snapshots: the least service-level
     * bucket holding every record of the window (infinite if some went past the last one). The timer's
     * own max is over its last two minutes, so it would report rows written before the window, such as
     * the agents registered before the node started, whose record time is the registration's.
     */
    static double maxAtMost(HistogramSnapshot before, HistogramSnapshot after) {
        long records = after.count() - before.count();
        if (records == 0) {
            return Double.NaN;
        }
        CountAtBucket[] was = before.histogramCounts();
        CountAtBucket[] is = after.histogramCounts();
        for (int i = 0; i < is.length; i++) {
            double earlier = i < was.length ? was[i].count() : 0;
            if (is[i].count() - earlier >= records) {
                return is[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double withinOneSecond(HistogramSnapshot snapshot) {
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.bucket(TimeUnit.MILLISECONDS) == 1000.0) {
                return bucket.count();
            }
        }
        return 0;
    }

    /** Seconds until the mirror's row count stopped changing (for two seconds), at most {@code timeout}. */
    static double catchUpSeconds(SynodNode node, Duration timeout) throws InterruptedException {
        PostgresMirror mirror = node.mirror();
        if (mirror == null) {
            return Double.NaN;
        }
        long start = System.nanoTime();
        long lastChange = start;
        long rows = mirror.mirrored();
        while (System.nanoTime() - lastChange < 2_000_000_000L && System.nanoTime() - start < timeout.toNanos()) {
            Thread.sleep(200);
            long now = mirror.mirrored();
            if (now != rows) {
                rows = now;
                lastChange = System.nanoTime();
            }
        }
        return (lastChange - start) / 1e9;
    }

    MirrorStats withCatchUp(double seconds) {
        return new MirrorStats(rowsPerSecond, meanLagMs, maxLagAtMostMs, shareWithinOneSecond, seconds);
    }

    String describe() {
        String max = Double.isInfinite(maxLagAtMostMs) ? "max over 2 min" : String.format("max at most %.0f ms", maxLagAtMostMs);
        return String.format("%.0f rows/s written, lag (record time to PostgreSQL commit) mean %.0f ms, %s, %.1f%% within 1 s; "
                + "caught up %.1f s after the last decision", rowsPerSecond, meanLagMs, max, 100 * shareWithinOneSecond, catchUpSeconds);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rowsPerSecond", Math.round(rowsPerSecond));
        map.put("meanLagMs", ThroughputReport.round(meanLagMs));
        // Null when some lag went past the timer's last bucket (two minutes): JSON has no infinity.
        map.put("maxLagAtMostMs", Double.isInfinite(maxLagAtMostMs) ? null : ThroughputReport.round(maxLagAtMostMs));
        map.put("withinOneSecond", ThroughputReport.round(100 * shareWithinOneSecond) / 100.0);
        map.put("catchUpSeconds", ThroughputReport.round(catchUpSeconds));
        return map;
    }
}
