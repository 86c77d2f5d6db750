package io.synod.coordinator;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts decisions by status (achieved, halted, ...) as Kafka Streams task metrics, in group
 * {@code stream-synod-consensus-metrics}, so they reach every Kafka metrics reporter and the
 * Micrometer binder with the client's other metrics: e.g. {@code decisions-halted-total}.
 */
final class DecisionMetrics {
    static final String SCOPE = "synod-consensus";

    private final StreamsMetrics metrics;
    private final String task;
    private final Map<String, Sensor> byStatus = new HashMap<>();

    DecisionMetrics(StreamsMetrics metrics, String task) {
        this.metrics = metrics;
        this.task = task;
    }

    void decided(String status) {
        byStatus.computeIfAbsent(status, s -> metrics.addRateTotalSensor(SCOPE, "task-" + task, "decisions-" + s,
                Sensor.RecordingLevel.INFO)).record();
    }
}
