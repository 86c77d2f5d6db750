package io.synod.app.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the chaos workload against the live system as producers and agents would: proposals at a
 * steady rate, and each participant's vote as soon as its round is open. Every event goes through
 * one sender thread that stamps it, appends it to the events file in the replay format and
 * produces it with that timestamp, so the file is exactly the input the live system got, in the
 * order each partition got it: the fault-free reference replays that file.
 */
final class LoadDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which agents the next proposals may name while the registry changes under the CDC fault. */
    enum Membership { BEFORE, CHANGING, AFTER }

    private record Outgoing(String topic, String key, java.util.function.LongFunction<org.apache.avro.specific.SpecificRecord> value,
                            java.util.function.LongFunction<Map<String, Object>> line) {
    }

    private final ChaosWorkload workload;
    private final Topics topics;
    private final Properties kafka;
    private final double proposalsPerSecond;
    private final BufferedWriter events;
    private final KafkaProducer<String, byte[]> producer;
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();
    private final Map<String, ChaosWorkload.Proposal> sent = new ConcurrentHashMap<>();
    private final Map<String, List<Decision>> decided = new ConcurrentHashMap<>();
    private final Set<String> finals = ConcurrentHashMap.newKeySet();
    private final AtomicInteger proposalsSent = new AtomicInteger();
    private final AtomicInteger votesSent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Membership membership = Membership.BEFORE;
    private volatile boolean sending = true;
    private volatile boolean running = true;
    private long lastTs;
    private volatile long lastDecisionNanos;
    private volatile long longestPauseNanos;

    LoadDriver(ChaosWorkload workload, Topics topics, Properties kafka, Path eventsFile, double proposalsPerSecond) throws IOException {
        this.workload = workload;
        this.topics = topics;
        this.kafka = kafka;
        this.proposalsPerSecond = proposalsPerSecond;
        this.events = Files.newBufferedWriter(eventsFile, StandardCharsets.UTF_8);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // A broker restart or a stalled app must delay events, never drop them.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** An agent line for the reference input: the registry change the live system received by CDC. */
    void recordMembership(String tenant, String agent, boolean active) {
        enqueue(new Outgoing(null, null, null, ts -> ChaosWorkload.agentLine(tenant, agent, active, ts)));
    }

    void membership(Membership phase) {
        membership = phase;
    }

    /** Starts the sender, the agents (reacting to opened rounds), the decision listener and the proposal pacer. */
    void start() {
        KafkaConsumer<String, RoundOpened> rounds = consumerAtEnd(topics.rounds.name(), topics.rounds.valueSerde().deserializer());
        KafkaConsumer<String, Decision> decisions = consumerAtEnd(topics.decisions.name(), topics.decisions.valueSerde().deserializer());
        thread("chaos-sender", this::sendLoop);
        thread("chaos-agents", () -> listen(rounds, this::onRound));
        thread("chaos-decisions", () -> listen(decisions, this::onDecision));
        thread("chaos-pacer", this::paceProposals);
    }

    private void thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                if (running) {
                    failure.compareAndSet(null, e);
                }
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private <V> KafkaConsumer<String, V> consumerAtEnd(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private <V> void listen(KafkaConsumer<String, V> consumer, java.util.function.BiConsumer<String, V> handler) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    handler.accept(record.key(), record.value());
                }
            }
        }
    }

    private void onRound(String key, RoundOpened round) {
        ChaosWorkload.Proposal proposal = sent.get(key);
        if (proposal == null || round.getRound() != 1) {
            return;
        }
        for (String agent : proposal.participants()) {
            ChaosWorkload.Vote vote = workload.vote(proposal, agent);
            String id = ChaosWorkload.voteId(proposal, agent);
            enqueue(new Outgoing(topics.votes.name(), key,
                    ts -> Vote.newBuilder().setEventId(id).setTenant(proposal.tenant()).setProposalId(proposal.id()).setAgentId(agent)
                            .setRound(1).setChoice(vote.choice()).setConfidence(vote.confidence()).setJustification(vote.justification())
                            .setCastAtMs(ts).build(),
                    ts -> ChaosWorkload.voteLine(proposal, vote, ts)));
        }
    }

    private void onDecision(String key, Decision decision) {
        if (!workload.tenants().contains(decision.getTenant())) {
            return;
        }
        decided.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(decision);
        if (!"escalated".equals(decision.getStatus()) && finals.add(key)) {
            long now = System.nanoTime();
            if (lastDecisionNanos != 0) {
                longestPauseNanos = Math.max(longestPauseNanos, now - lastDecisionNanos);
            }
            lastDecisionNanos = now;
        }
    }

    /** The longest time between two final decisions arriving: how long the faults stopped the pipeline at worst. */
    long longestPauseMs() {
        return longestPauseNanos / 1_000_000;
    }

    private void paceProposals() {
        long intervalNanos = (long) (1e9 / proposalsPerSecond);
        long next = System.nanoTime();
        for (int index = 0; sending && running; index++) {
            Membership phase = membership;
            ChaosWorkload.Proposal proposal = workload.proposal(index, phase == Membership.AFTER);
            if (phase == Membership.CHANGING) {
                // While membership changes are on their way to the stream apps, name nobody whose status is changing.
                proposal = new ChaosWorkload.Proposal(index, proposal.tenant(), proposal.id(), proposal.text(),
                        proposal.participants().stream().filter(a -> !a.startsWith("m")).toList(), proposal.truth());
            }
            ChaosWorkload.Proposal p = proposal;
            sent.put(p.key(), p);
            enqueue(new Outgoing(topics.proposals.name(), p.key(),
                    ts -> Proposal.newBuilder().setEventId(p.key()).setTenant(p.tenant()).setProposalId(p.id()).setText(p.text())
                            .setOptions(ChaosWorkload.OPTIONS).setParticipants(p.participants()).setPolicy(policy()).setProposedAtMs(ts).build(),
                    ts -> ChaosWorkload.proposalLine(p, ts)));
            proposalsSent.incrementAndGet();
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static Policy policy() {
        return Policy.newBuilder().setMode("simple_majority").setThreshold(0.67).setMaxRounds(1).setMinParticipants(1)
                .setRoundTimeoutMs(ChaosWorkload.ROUND_TIMEOUT_MS).setFallback("plurality").build();
    }

    private void enqueue(Outgoing event) {
        outgoing.add(event);
    }

    private void sendLoop() {
        while (running) {
            Outgoing event;
            try {
                event = outgoing.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            // Event time never runs backwards in the file (the replay contract), whatever the clock does.
            long ts = Math.max(lastTs, System.currentTimeMillis());
            lastTs = ts;
            try {
                events.write(JSON.writeValueAsString(event.line().apply(ts)));
                events.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (event.topic() == null) {
                continue;
            }
            org.apache.avro.specific.SpecificRecord value = event.value().apply(ts);
            byte[] bytes = event.topic().equals(topics.votes.name())
                    ? topics.votes.valueSerde().serializer().serialize(event.topic(), (Vote) value)
                    : topics.proposals.valueSerde().serializer().serialize(event.topic(), (Proposal) value);
            producer.send(new ProducerRecord<>(event.topic(), null, ts, event.key(), bytes), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, new IllegalStateException("an event was not delivered: " + event.key(), error));
                }
            });
            if (event.topic().equals(topics.votes.name())) {
                votesSent.incrementAndGet();
            }
        }
    }

    /** No new proposals from now on; votes for those already open keep flowing. */
    void stopProposals() {
        sending = false;
    }

    int proposalsSent() {
        return proposalsSent.get();
    }

    int votesSent() {
        return votesSent.get();
    }

    int finalDecisions() {
        return finals.size();
    }

    Map<String, ChaosWorkload.Proposal> sent() {
        return Map.copyOf(sent);
    }

    /** Throws when an event could not be delivered or a driver thread failed. */
    void check() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("load driver failed: " + error.getMessage(), error);
        }
    }

    /** Waits until every sent proposal has a final decision and the sender has nothing queued. */
    boolean awaitAllDecided(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            check();
            if (outgoing.isEmpty() && finals.size() >= sent.size()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        running = false;
        sending = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(10));
        events.close();
    }
}
