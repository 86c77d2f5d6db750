package io.synod.app.gateway;

import io.synod.app.json.DecisionJson;
import io.synod.schemas.Decision;
import io.synod.schemas.WebhookDeadLetter;
import io.synod.schemas.WebhookSubscription;
import io.synod.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers consensus.decisions to the registered webhooks, at least once: the gateways share one
 * consumer group, so each decision is sent by one instance; a batch's offsets are committed only
 * after each of its deliveries succeeded (2xx) or, after the last retry, went to
 * consensus.webhooks.dlq. Deliveries of a batch run concurrently, each with its own backoff, so a
 * slow receiver delays the others by at most its own retry schedule.
 */
final class WebhookDispatcher implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Topics topics;
    private final WebhookRegistry registry;
    private final Backoff backoff;
    private final Duration requestTimeout;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, WebhookDeadLetter> deadLetters;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "synod-gateway-webhook-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running = true;

    WebhookDispatcher(Topics topics, Properties kafka, String groupId, WebhookRegistry registry, Backoff backoff, Duration requestTimeout) {
        this.topics = topics;
        this.registry = registry;
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        // A batch waits for its slowest delivery: every retry of it must fit before the group evicts us.
        long worstBatchMs = backoff.totalDelayMs() + backoff.maxAttempts() * requestTimeout.toMillis();
        consumerProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Math.max(300_000L, worstBatchMs + 60_000L)));
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        deadLetters = new KafkaProducer<>(producerProps, topics.webhooksDlq.keySerde().serializer(), topics.webhooksDlq.valueSerde().serializer());
        http = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    long delivered() {
        return delivered.get();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    /** Blocks until the consumer has its partitions, so decisions made after start() returns are delivered. */
    void awaitAssignment(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (assigned.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private final AtomicLong assigned = new AtomicLong();

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.decisions.name()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    // Fix the positions now: with auto.offset.reset=latest a lazy lookup could skip what is decided meanwhile.
                    partitions.forEach(consumer::position);
                    assigned.incrementAndGet();
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                List<CompletableFuture<Void>> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    batch.addAll(deliveriesOf(record));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new));
                while (!all.isDone() && running) {
                    try {
                        all.get(100, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException notYet) {
                        // keep waiting while running
                    }
                }
                if (!all.isDone()) {
                    // Stopping mid-batch: nothing committed, so the batch is delivered again after a restart.
                    return;
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("webhook dispatcher woken up unexpectedly", e);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("webhook dispatcher stopped: a dead letter could not be written; the batch is not committed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<CompletableFuture<Void>> deliveriesOf(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return List.of();
        }
        Decision decision;
        try {
            decision = topics.decisions.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipping an unreadable decision at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return List.of();
        }
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (WebhookSubscription webhook : registry.all()) {
            if (wants(webhook, decision, record.timestamp())) {
                String deliveryId = decision.getEventId() + ":" + webhook.getId();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", "decision");
                body.put("deliveryId", deliveryId);
                body.put("decision", DecisionJson.decision(decision));
                byte[] payload = DecisionJson.write(body).getBytes(StandardCharsets.UTF_8);
                CompletableFuture<Void> done = new CompletableFuture<>();
                attempt(webhook, decision, deliveryId, payload, 1, System.currentTimeMillis(), done);
                deliveries.add(done);
            }
        }
        return deliveries;
    }

    static boolean wants(WebhookSubscription webhook, Decision decision, long decidedAtMs) {
        return decidedAtMs >= webhook.getCreatedAtMs()
                && (webhook.getTenant() == null || webhook.getTenant().equals(decision.getTenant()))
                && (webhook.getStatuses().isEmpty() || webhook.getStatuses().contains(decision.getStatus()));
    }

    private void attempt(WebhookSubscription webhook, Decision decision, String deliveryId, byte[] payload, int attempt,
                         long firstAttemptAtMs, CompletableFuture<Void> done) {
        long now = System.currentTimeMillis();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(webhook.getUrl())).timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "synod-gateway")
                    .header(WebhookSigner.DELIVERY_HEADER, deliveryId)
                    .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now))
                    .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(webhook.getSecret(), now, payload))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        } catch (IllegalArgumentException badUrl) {
            deadLetter(webhook, decision, deliveryId, payload, attempt, firstAttemptAtMs, null, "invalid URL: " + badUrl.getMessage(), done);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                done.complete(null);
                return;
            }
            Integer status = error == null ? response.statusCode() : null;
            String problem = error == null ? "HTTP " + response.statusCode() : String.valueOf(error.getCause() != null ? error.getCause() : error);
            if (attempt >= backoff.maxAttempts() || !running) {
                deadLetter(webhook, decision, deliveryId, payload, attempt, firstAttemptAtMs, status, problem, done);
            } else {
                LOG.debug("webhook {} attempt {} failed ({}); retrying", webhook.getId(), attempt, problem);
                retries.schedule(() -> attempt(webhook, decision, deliveryId, payload, attempt + 1, firstAttemptAtMs, done),
                        backoff.delayBeforeAttempt(attempt + 1), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void deadLetter(WebhookSubscription webhook, Decision decision, String deliveryId, byte[] payload, int attempts,
                            long firstAttemptAtMs, Integer status, String problem, CompletableFuture<Void> done) {
        WebhookDeadLetter letter = WebhookDeadLetter.newBuilder()
                .setWebhookId(webhook.getId()).setUrl(webhook.getUrl()).setDeliveryId(deliveryId)
                .setTenant(decision.getTenant()).setProposalId(decision.getProposalId()).setDecisionEventId(decision.getEventId())
                .setAttempts(attempts).setLastStatusCode(status).setLastError(problem)
                .setPayload(new String(payload, StandardCharsets.UTF_8))
                .setFirstAttemptAtMs(firstAttemptAtMs).setFailedAtMs(System.currentTimeMillis()).build();
        LOG.warn("webhook {} gave up on {} after {} attempt(s): {}", webhook.getId(), deliveryId, attempts, problem);
        deadLetters.send(new ProducerRecord<>(topics.webhooksDlq.name(), decision.getTenant() + "/" + decision.getProposalId(), letter),
                (metadata, error) -> {
                    if (error != null) {
                        // Not committed: the batch fails and is redelivered after a restart rather than lost.
                        done.completeExceptionally(error);
                    } else {
                        deadLettered.incrementAndGet();
                        done.complete(null);
                    }
                });
    }

    void start() {
        thread = new Thread(this, "synod-gateway-webhooks");
        thread.setDaemon(true);
        thread.start();
    }

    private Thread thread;

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        retries.shutdownNow();
        deadLetters.close(Duration.ofSeconds(5));
    }
}
