package io.synod.app.observability;

import io.micrometer.core.instrument.Counter;
import io.synod.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what a stream app committed to its output topics (read-committed, so an aborted
 * transaction is never counted) and hands each record to the app's metrics. Two ways to read:
 * <ul>
 * <li>{@link #events}: in a consumer group of the app's instances, from where the group left off,
 *     so each output record is counted by one instance;</li>
 * <li>{@link #tables}: every partition of compacted topics from the beginning, so each instance
 *     holds the whole table (gauges such as the average reputation).</li>
 * </ul>
 * A record already in the topic when its partition was assigned is marked as backlog: handlers
 * count it but do not take its age for a latency.
 */
public final class OutputObserver implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputObserver.class);

    /** Receives one decoded output record; {@code backlog} when it predates this observer. */
    public interface Handler<V> {
        void accept(V value, long observedAtMs, boolean backlog);
    }

    private record Route<V>(Topic<String, V> topic, Handler<V> handler) {
        void deliver(ConsumerRecord<String, byte[]> record, long observedAtMs, boolean backlog) {
            if (record.value() != null) {
                handler.accept(topic.valueSerde().deserializer().deserialize(record.topic(), record.value()), observedAtMs, backlog);
            }
        }
    }

    private final String name;
    private final boolean tables;
    private final Map<String, Route<?>> routes = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> backlogEnds = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Counter undecodable;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean reading;
    private final Thread thread;

    private OutputObserver(String name, Properties props, boolean tables, Observability observability, String app) {
        this.name = name;
        this.tables = tables;
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        observability.bind(consumer, app, props.getProperty(ConsumerConfig.GROUP_ID_CONFIG, name));
        undecodable = Counter.builder("synod.observer.undecodable").description("Output records the metrics observer could not decode")
                .tag("observer", name).register(observability.registry());
        thread = new Thread(this, "synod-observer-" + name);
        thread.setDaemon(true);
    }

    /** Counts a stream app's output events once across the app's instances (consumer group {@code groupId}). */
    public static OutputObserver events(Properties kafka, String groupId, Observability observability, String app) {
        Properties props = base(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        return new OutputObserver(groupId, props, false, observability, app);
    }

    /** Holds whole compacted tables in every instance: no group, every partition from the start. */
    public static OutputObserver tables(Properties kafka, String name, Observability observability, String app) {
        Properties props = base(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new OutputObserver(name, props, true, observability, app);
    }

    private static Properties base(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return props;
    }

    public <V> OutputObserver route(Topic<String, V> topic, Handler<V> handler) {
        routes.put(topic.name(), new Route<>(topic, handler));
        return this;
    }

    public OutputObserver start() {
        started.set(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            if (tables) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : routes.keySet()) {
                    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                        partitions.add(new TopicPartition(info.topic(), info.partition()));
                    }
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                rememberBacklog(partitions);
                reading = true;
            } else {
                consumer.subscribe(routes.keySet(), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        partitions.forEach(backlogEnds::remove);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        rememberBacklog(partitions);
                        reading = true;
                    }
                });
            }
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                long observedAtMs = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> record : records) {
                    deliver(record, observedAtMs);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("metrics observer {} woken up unexpectedly", name, e);
            }
        } catch (RuntimeException e) {
            LOG.error("metrics observer {} stopped", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void rememberBacklog(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            backlogEnds.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record, long observedAtMs) {
        Route<?> route = routes.get(record.topic());
        if (route == null) {
            return;
        }
        boolean backlog = record.offset() < backlogEnds.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L);
        try {
            route.deliver(record, observedAtMs, backlog);
        } catch (RuntimeException e) {
            // A record the app wrote but this process cannot read (e.g. a newer schema) must not stop the metrics.
            undecodable.increment();
            LOG.debug("metrics observer {} skipped {}-{}@{}: {}", name, record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** True once the observer has its partitions and reads them (and while its thread lives). */
    public boolean isReading() {
        return reading && thread.isAlive();
    }

    @Override
    public void close() {
        if (!started.get()) {
            consumer.close(Duration.ZERO);
            return;
        }
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
