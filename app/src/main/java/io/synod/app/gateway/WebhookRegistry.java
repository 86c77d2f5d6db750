package io.synod.app.gateway;

import io.synod.schemas.WebhookSubscription;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks every gateway instance delivers to: those named in the configuration, plus those
 * registered through the API, which live on the compacted consensus.webhooks topic (a tombstone
 * removes one) so every instance, and a restarted one, knows the same set.
 */
final class WebhookRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistry.class);

    private final Topics topics;
    private final Map<String, WebhookSubscription> configured;
    private final Map<String, WebhookSubscription> registered = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, WebhookSubscription> producer;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    WebhookRegistry(Topics topics, Properties kafka, List<WebhookSubscription> fromConfig) {
        this.topics = topics;
        Map<String, WebhookSubscription> byId = new ConcurrentHashMap<>();
        fromConfig.forEach(w -> byId.put(w.getId(), w));
        this.configured = byId;
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerProps, topics.webhooks.keySerde().serializer(), topics.webhooks.valueSerde().serializer());
        thread = new Thread(this::run, "synod-gateway-webhook-registry");
        thread.setDaemon(true);
        thread.start();
    }

    void awaitLoaded(Duration timeout) throws InterruptedException, TimeoutException {
        if (!loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("webhook registry not loaded from " + topics.webhooks.name() + " within " + timeout);
        }
    }

    Collection<WebhookSubscription> all() {
        List<WebhookSubscription> all = new ArrayList<>(configured.values());
        all.addAll(registered.values());
        return all;
    }

    WebhookSubscription get(String id) {
        WebhookSubscription fromConfig = configured.get(id);
        return fromConfig != null ? fromConfig : registered.get(id);
    }

    boolean isConfigured(String id) {
        return configured.containsKey(id);
    }

    /** Publishes the subscription and waits for the broker's acknowledgement; the local view follows at once. */
    void register(WebhookSubscription subscription) throws Exception {
        producer.send(new ProducerRecord<>(topics.webhooks.name(), subscription.getId(), subscription)).get(30, TimeUnit.SECONDS);
        registered.put(subscription.getId(), subscription);
    }

    void remove(String id) throws Exception {
        producer.send(new ProducerRecord<>(topics.webhooks.name(), id, null)).get(30, TimeUnit.SECONDS);
        registered.remove(id);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.webhooks.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (loaded.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("webhook registry woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("webhook registry stopped reading {}", topics.webhooks.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            registered.remove(record.key());
            return;
        }
        try {
            registered.put(record.key(), topics.webhooks.valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            LOG.warn("skipping an unreadable webhook subscription {}", record.key(), e);
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
        producer.close(Duration.ofSeconds(5));
    }
}
