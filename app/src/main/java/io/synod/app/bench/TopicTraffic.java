package io.synod.app.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Log entries the broker appended per topic during a window, from the end offsets before and
 * after: records and, for topics written in transactions, one commit marker per partition per
 * transaction. Per vote, this is what the broker's request handlers pay for, so it explains a
 * CPU cost per vote far above the pass-through's, where a profile of the handlers cannot say
 * which application caused an append. On a shared external cluster others' appends count too, and
 * without the right to describe every topic the figure is simply unavailable: it never fails a bench.
 */
record TopicTraffic(Properties kafka, Map<TopicPartition, Long> start) {

    /** Appends per vote by topic, largest first, and their total. */
    record Usage(Map<String, Double> perVote, double total) {
        /** Every topic with at least 0.05 entries per vote; the rest summed. */
        String describe() {
            List<String> parts = new ArrayList<>();
            double rest = 0;
            for (Map.Entry<String, Double> e : perVote.entrySet()) {
                if (e.getValue() >= 0.05) {
                    parts.add(String.format("%s %.2f", e.getKey(), e.getValue()));
                } else {
                    rest += e.getValue();
                }
            }
            if (rest > 0) {
                parts.add(String.format("others %.2f", rest));
            }
            return Double.isNaN(total) ? "log entries unavailable (the cluster did not list every topic's end offsets)"
                    : String.format("%.1f log entries per vote (%s)", total, String.join(", ", parts));
        }
    }

    static TopicTraffic start(Properties kafka) {
        return new TopicTraffic(kafka, endOffsets(kafka));
    }

    Usage finish(double votes) {
        Map<TopicPartition, Long> end = endOffsets(kafka);
        if (start == null || end == null) {
            return new Usage(Map.of(), Double.NaN);
        }
        Map<String, Long> byTopic = new HashMap<>();
        end.forEach((tp, offset) -> byTopic.merge(tp.topic(), offset - start.getOrDefault(tp, 0L), Long::sum));
        Map<String, Double> perVote = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : byTopic.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).toList()) {
            double share = votes <= 0 ? Double.NaN : e.getValue() / votes;
            perVote.put(e.getKey(), share);
            total += share;
        }
        return new Usage(perVote, total);
    }

    /** Every partition's end offset, or null when the cluster would not tell. */
    private static Map<TopicPartition, Long> endOffsets(Properties kafka) {
        try (Admin admin = Admin.create(kafka)) {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(p -> request.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
