package io.synod.app.bench;

import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Load for the pass-through ceiling: the same signed votes, from the same agents, keyed the same
 * way, produced by the same kind of generator, with at most {@code inFlight} votes produced but
 * not yet read back (read-committed) from the last hop.
 */
final class PassThroughLoad implements CeilingLoad {
    private final KafkaProducer<String, Vote> producer;
    private final BenchListener listener;
    private final BenchAgents agents;
    private final int agentsPerProposal;
    private final Semaphore window;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong proposals = new AtomicLong();
    private final String runId;
    private volatile boolean running = true;

    PassThroughLoad(Topics topics, Properties kafka, BenchAgents agents, int agentsPerProposal, int inFlight, int senderThreads, String runId) {
        this.agents = agents;
        this.agentsPerProposal = agentsPerProposal;
        this.runId = runId;
        this.window = new Semaphore(inFlight);
        producer = new KafkaProducer<>(BenchListener.producerProperties(kafka, "votes"), topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
        listener = new BenchListener(kafka, List.of(PassThroughTopology.OUT), this::onRecord);
        for (int i = 0; i < senderThreads; i++) {
            threads.add(new Thread(this::sendLoop, "synod-bench-ceiling-sender-" + i));
        }
    }

    PassThroughLoad start() {
        listener.start();
        threads.forEach(Thread::start);
        return this;
    }

    private void sendLoop() {
        Random random = new Random(Thread.currentThread().getName().hashCode());
        try {
            while (running) {
                // A proposal's worth of votes at a time, as the Synod generator sends them.
                String id = runId + "-" + proposals.getAndIncrement();
                String key = agents.tenant() + "/" + id;
                for (int i = 0; i < agentsPerProposal && running; i++) {
                    while (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        if (!running) {
                            return;
                        }
                    }
                    long now = System.currentTimeMillis();
                    Vote vote = agents.randomVote(i, id, now, random);
                    producer.send(new ProducerRecord<>(PassThroughTopology.VOTES, null, now, key, vote));
                    sent.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onRecord(ConsumerRecord<String, byte[]> record, long nowNs) {
        received.incrementAndGet();
        window.release();
    }

    @Override
    public long received() {
        return received.get();
    }

    /** Stops sending and waits (at most {@code timeout}) until every vote sent came out; returns sent minus received. */
    @Override
    public long drain(Duration timeout) throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        producer.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.get() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sent.get() - received.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        listener.close();
        producer.close(Duration.ofSeconds(5));
    }
}
