package io.synod.sdk;

import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The producer side of Synod: publish proposals and get their decisions, subscribe to decisions,
 * look a proposal up. Thread-safe; one instance per application is enough.
 *
 * <pre>{@code
 * try (SynodClient client = SynodClient.connect(kafkaProperties)) {
 *     Decision decision = client.propose(ProposalRequest.builder().tenant("acme").id("claim-1")
 *             .text("Is claim 1 supported?").options("approve", "reject").build()).get(1, TimeUnit.MINUTES);
 * }
 * }</pre>
 */
public final class SynodClient implements AutoCloseable {
    private final Properties kafka;
    private final Topics topics;
    private final KafkaProducer<String, Proposal> producer;
    private final DecisionTracker tracker;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SynodClient(Properties kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
        this.tracker = new DecisionTracker(kafka, topics);
        this.producer = new KafkaProducer<>(ClientProperties.writer(kafka), topics.proposals.keySerde().serializer(),
                topics.proposals.valueSerde().serializer());
    }

    /** Connects with these Kafka client properties (at least bootstrap.servers) and the classpath schema catalogue. */
    public static SynodClient connect(Properties kafka) {
        return connect(kafka, Topics.local());
    }

    /** Connects with the given topic registry, e.g. {@code Topics.withRegistry(url)} for a schema registry. */
    public static SynodClient connect(Properties kafka, Topics topics) {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return new SynodClient(copy, topics);
    }

    /**
     * Publishes the proposal. The future completes with its final decision, or fails with
     * {@link ProposalRejectedException} when the coordinator refuses it, or with the producer's
     * error when it could not be written. It never times out by itself: use {@code orTimeout}.
     */
    public CompletableFuture<Decision> propose(ProposalRequest request) {
        String eventId = eventId();
        CompletableFuture<Decision> decision = tracker.expect(request.key(), eventId);
        publish(request, eventId).whenComplete((sent, error) -> {
            if (error != null) {
                decision.completeExceptionally(error);
            }
        });
        return decision;
    }

    /**
     * Publishes the proposal without waiting for its decision; the future completes when the broker
     * has acknowledged it. Its decision can be read later with {@link #awaitDecision} or {@link #status}.
     */
    public CompletableFuture<Void> send(ProposalRequest request) {
        return publish(request, eventId());
    }

    private CompletableFuture<Void> publish(ProposalRequest request, String eventId) {
        String problem = Keys.problemWithTenant(request.tenant());
        problem = problem != null ? problem : Keys.problemWithId("proposal", request.proposalId());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        long now = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(topics.proposals.name(), null, now, request.key(), request.toProposal(eventId, now)),
                (metadata, error) -> {
                    if (error != null) {
                        sent.completeExceptionally(error);
                    } else {
                        sent.complete(null);
                    }
                });
        return sent;
    }

    private static String eventId() {
        return "sdk-" + UUID.randomUUID();
    }

    /** Completes with the proposal's final decision: at once if it was already made, else when it is. */
    public CompletableFuture<Decision> awaitDecision(String tenant, String proposalId) {
        CompletableFuture<Decision> future = tracker.expect(Keys.of(tenant, proposalId), null);
        try {
            decision(tenant, proposalId).ifPresent(future::complete);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** The proposal's final decision if it was made, read from consensus.decisions (the key's partition only). */
    public Optional<Decision> decision(String tenant, String proposalId) {
        AtomicReference<Decision> found = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = scanner()) {
            scan(consumer, topics.decisions, Keys.of(tenant, proposalId), value -> {
                if (ProposalStatus.isFinal(value)) {
                    found.set(value);
                }
            }, read -> { });
        }
        return Optional.ofNullable(found.get());
    }

    /** Where the proposal stands, from the proposal, round, rejection and decision topics. */
    public ProposalStatus status(String tenant, String proposalId) {
        return status(tenant, proposalId, read -> { });
    }

    /** As {@link #status(String, String)}, reporting the number of records read so far to {@code progress}. */
    public ProposalStatus status(String tenant, String proposalId, LongConsumer progress) {
        String key = Keys.of(tenant, proposalId);
        AtomicLong before = new AtomicLong();
        LongConsumer total = read -> progress.accept(before.get() + read);
        AtomicReference<Proposal> proposal = new AtomicReference<>();
        AtomicReference<RoundOpened> round = new AtomicReference<>();
        AtomicReference<Rejection> rejection = new AtomicReference<>();
        AtomicReference<Decision> decision = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = scanner()) {
            before.addAndGet(scan(consumer, topics.proposals, key, proposal::set, total));
            before.addAndGet(scan(consumer, topics.rounds, key, round::set, total));
            before.addAndGet(scan(consumer, topics.rejected, key, r -> {
                if (ProposalStatus.isProposalRejection(r)) {
                    rejection.set(r);
                }
            }, total));
            scan(consumer, topics.decisions, key, d -> decision.set(ProposalStatus.latest(decision.get(), d)), total);
        }
        return ProposalStatus.of(tenant, proposalId, proposal.get(), round.get(), rejection.get(), decision.get());
    }

    /** Hands decisions to {@code listener} on a thread of its own until the subscription is closed. */
    public Subscription subscribe(SubscribeOptions options, DecisionListener listener) {
        Subscription subscription = new DecisionSubscription(kafka, decisionTopic(options.topic()), options, listener);
        subscriptions.add(subscription);
        return subscription;
    }

    /** New decisions of every tenant on consensus.decisions. */
    public Subscription subscribe(DecisionListener listener) {
        return subscribe(SubscribeOptions.live(), listener);
    }

    public Topics topics() {
        return topics;
    }

    private Topic<String, Decision> decisionTopic(String name) {
        for (Topic<String, Decision> topic : List.of(topics.decisions, topics.achieved, topics.failed, topics.escalated, topics.halted)) {
            if (topic.name().equals(name)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("not a decision topic: " + name);
    }

    private KafkaConsumer<String, byte[]> scanner() {
        return new KafkaConsumer<>(ClientProperties.reader(kafka), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private <V> long scan(KafkaConsumer<String, byte[]> consumer, Topic<String, V> topic, String key, java.util.function.Consumer<V> sink,
                          LongConsumer progress) {
        AtomicLong read = new AtomicLong();
        KeyScan.scan(consumer, topic.name(), key, topic.valueSerde().deserializer(), (record, value) -> sink.accept(value), n -> {
            read.set(n);
            progress.accept(n);
        });
        return read.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(Subscription::close);
        producer.close(Duration.ofSeconds(5));
        tracker.close();
    }
}
