package io.synod.app.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
 * With the embedded broker in this JVM, the requests its handlers served are counted too, by type
 * (every client of the node and the bench's own), since a request costs the broker about as much
 * as the records it carries at these sizes.
 */
record TopicTraffic(Properties kafka, Map<TopicPartition, Long> start, Map<String, Long> requestsStart) {

    /** Appends per vote by topic, largest first, and their total; broker requests per vote by type when counted. */
    record Usage(Map<String, Double> perVote, double total, Map<String, Double> requestsPerVote, double requests) {
        /** Requests per vote of the kinds that are at least 0.05 a vote, the rest summed. */
        String describeRequests() {
            return Double.isNaN(requests) ? "requests not counted (no broker in this process)"
                    : String.format("%.2f broker requests per vote (%s)", requests, significant(requestsPerVote));
        }

        /** Every topic with at least 0.05 entries per vote; the rest summed. */
        String describe() {
            return Double.isNaN(total) ? "log entries unavailable (the cluster did not list every topic's end offsets)"
                    : String.format("%.1f log entries per vote (%s)", total, significant(perVote));
        }

        private static String significant(Map<String, Double> perVote) {
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
            return String.join(", ", parts);
        }
    }

    static TopicTraffic start(Properties kafka) {
        return new TopicTraffic(kafka, endOffsets(kafka), requestCounts());
    }

    Usage finish(double votes) {
        Map<String, Long> requestsEnd = requestCounts();
        Map<TopicPartition, Long> end = endOffsets(kafka);
        Map<String, Double> requestsPerVote = Map.of();
        double requests = Double.NaN;
        if (requestsStart != null && requestsEnd != null) {
            Map<String, Long> byType = new HashMap<>();
            requestsEnd.forEach((type, count) -> byType.put(type, count - requestsStart.getOrDefault(type, 0L)));
            requestsPerVote = perVote(byType, votes);
            requests = requestsPerVote.values().stream().mapToDouble(Double::doubleValue).sum();
        }
        if (start == null || end == null) {
            return new Usage(Map.of(), Double.NaN, requestsPerVote, requests);
        }
        Map<String, Long> byTopic = new HashMap<>();
        end.forEach((tp, offset) -> byTopic.merge(tp.topic(), offset - start.getOrDefault(tp, 0L), Long::sum));
        Map<String, Double> perVote = perVote(byTopic, votes);
        return new Usage(perVote, perVote.values().stream().mapToDouble(Double::doubleValue).sum(), requestsPerVote, requests);
    }

    /** The positive counts per vote, largest first. */
    private static Map<String, Double> perVote(Map<String, Long> counts, double votes) {
        Map<String, Double> perVote = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).toList()) {
            perVote.put(e.getKey(), votes <= 0 ? Double.NaN : e.getValue() / votes);
        }
        return perVote;
    }

    /**
     * Requests the broker in this JVM has served so far, by type (its {@code RequestsPerSec} meters,
     * summed over versions), or null when no broker runs here.
     */
    static Map<String, Long> requestCounts() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Map<String, Long> counts = new HashMap<>();
            for (ObjectName name : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                String type = name.getKeyProperty("request");
                // FetchConsumer and FetchFollower are the two kinds of Fetch, counted in it already.
                if (type == null || type.equals("FetchConsumer") || type.equals("FetchFollower")) {
                    continue;
                }
                if (server.getAttribute(name, "Count") instanceof Number count) {
                    counts.merge(type, count.longValue(), Long::sum);
                }
            }
            return counts.isEmpty() ? null : counts;
        } catch (Exception e) {
            return null;
        }
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
