package io.synod.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples what must stay flat under a steady load: heap live after the last collection (the
 * collection usage of the heap pools, so no forced GC disturbs the run), the state directory's
 * bytes, and the stream apps' consumer lag (end offsets minus committed offsets over their groups).
 */
final class SoakSampler {
    /** One sample, seconds into the soak. */
    record Sample(double atSeconds, long heapLiveBytes, long heapUsedBytes, long stateBytes, long lag, long decided) {
    }

    private final Admin admin;
    private final String groupPrefix;
    private final LongSupplier stateBytes;
    private final LongSupplier decided;
    private final long startNs = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();

    SoakSampler(Properties kafka, String groupPrefix, LongSupplier stateBytes, LongSupplier decided) {
        this.admin = Admin.create(kafka);
        this.groupPrefix = groupPrefix;
        this.stateBytes = stateBytes;
        this.decided = decided;
    }

    Sample sample() throws Exception {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                live += afterGc.getUsed();
            }
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Sample sample = new Sample((System.nanoTime() - startNs) / 1e9, live, used, stateBytes.getAsLong(), lag(), decided.getAsLong());
        samples.add(sample);
        return sample;
    }

    @SuppressWarnings("deprecation")
    private long lag() throws Exception {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            if (!group.groupId().startsWith(groupPrefix)) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                    // Transaction markers take an offset each: a committed group sits at most one behind per partition.
                    lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset() - 1);
                }
            }
        }
        return lag;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * Stable: the last third of the samples does not sit above the middle third by more than
     * 25% (the first third is warm-up of caches and stores). Lag is judged against
     * the middle third too.
     */
    static Map<String, Object> verdicts(List<Sample> samples) {
        Map<String, Object> verdicts = new LinkedHashMap<>();
        int n = samples.size();
        if (n < 6) {
            verdicts.put("note", "too few samples for a verdict");
            return verdicts;
        }
        List<Sample> middle = samples.subList(n / 3, 2 * n / 3);
        List<Sample> last = samples.subList(2 * n / 3, n);
        verdicts.put("heapLive", growth(mean(middle, Sample::heapLiveBytes), mean(last, Sample::heapLiveBytes), 0.25));
        verdicts.put("stateBytes", growth(mean(middle, Sample::stateBytes), mean(last, Sample::stateBytes), 0.25));
        // Lag counts records of every topic the groups read (each vote becomes several), so it is judged,
        // like the rest, by whether it grows, not against the vote rate.
        verdicts.put("lag", growth(mean(middle, Sample::lag), mean(last, Sample::lag), 0.25));
        return verdicts;
    }

    private static Map<String, Object> growth(double middle, double last, double tolerance) {
        double ratio = middle <= 0 ? Double.NaN : last / middle;
        return Map.of("middleThirdMean", Math.round(middle), "lastThirdMean", Math.round(last),
                "ratio", Double.isNaN(ratio) ? "n/a" : Math.round(ratio * 1000) / 1000.0, "stable", !(ratio > 1 + tolerance));
    }

    private static double mean(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        return samples.stream().mapToLong(value).average().orElse(0);
    }

    void close() {
        admin.close();
    }
}
