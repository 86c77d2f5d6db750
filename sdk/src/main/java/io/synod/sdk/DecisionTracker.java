package io.synod.sdk;

import io.synod.schemas.Decision;
import io.synod.schemas.Rejection;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the futures of proposals waiting for their decision. Reads consensus.decisions and
 * consensus.rejected from where they ended when the client connected, so any proposal sent after
 * that is seen, and fails a proposal's future when the coordinator rejects that very submission
 * (matched by event id, so a refused duplicate does not fail the original's waiters).
 */
final class DecisionTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionTracker.class);

    private record Waiter(String eventId, CompletableFuture<Decision> future) {
    }

    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    DecisionTracker(Properties kafka, Topics topics) {
        this.topics = topics;
        consumer = new KafkaConsumer<>(ClientProperties.reader(kafka), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = ClientProperties.partitions(consumer, List.of(topics.decisions.name(), topics.rejected.name()));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        thread = new Thread(this::run, "synod-client-decisions");
        thread.setDaemon(true);
        thread.start();
    }

    /** A future completed by the next final decision for {@code key}, or failed by the rejection of {@code eventId}. */
    CompletableFuture<Decision> expect(String key, String eventId) {
        CompletableFuture<Decision> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(eventId, future);
        waiting.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(waiter);
        future.whenComplete((decision, error) -> waiting.computeIfPresent(key, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        }));
        return future;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.value() != null && waiting.containsKey(record.key())) {
                        handle(record);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("decision tracker woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("decision tracker stopped; pending proposals fail", e);
            waiting.values().forEach(list -> list.forEach(w -> w.future().completeExceptionally(e)));
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.decisions.name())) {
                Decision decision = topics.decisions.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (ProposalStatus.isFinal(decision)) {
                    List<Waiter> waiters = waiting.remove(record.key());
                    if (waiters != null) {
                        waiters.forEach(w -> w.future().complete(decision));
                    }
                }
            } else {
                Rejection rejection = topics.rejected.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (ProposalStatus.isProposalRejection(rejection) && rejection.getEventId() != null) {
                    for (Waiter waiter : waiting.getOrDefault(record.key(), List.of())) {
                        if (rejection.getEventId().equals(waiter.eventId())) {
                            waiter.future().completeExceptionally(new ProposalRejectedException(rejection));
                        }
                    }
                }
            }
        } catch (SerializationException e) {
            LOG.warn("skipping an unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IllegalStateException closed = new IllegalStateException("SynodClient closed before the decision arrived");
        waiting.values().forEach(list -> list.forEach(w -> w.future().completeExceptionally(closed)));
    }
}
