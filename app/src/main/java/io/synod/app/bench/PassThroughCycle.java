package io.synod.app.bench;

import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ceiling's generator in the Synod generator's closed loop (decision 0048): {@code concurrent}
 * proposals in flight; each proposal is sent, its round read back from the pass-through, then every
 * agent's signed vote is sent, and the proposal is done when all of them came out; then the next
 * one is issued. The same waits Synod's protocol has, with Kafka Streams doing nothing in between.
 */
final class PassThroughCycle implements CeilingLoad {
    private final BenchAgents agents;
    private final int agentsPerProposal;
    private final int concurrent;
    private final String runId;
    private final KafkaProducer<String, Proposal> proposals;
    private final KafkaProducer<String, Vote> votes;
    private final BenchListener listener;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> toVote = new LinkedBlockingQueue<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong votesOut = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean issuing = true;

    PassThroughCycle(Topics topics, Properties kafka, BenchAgents agents, int agentsPerProposal, int concurrent, int voterThreads, String runId) {
        this.agents = agents;
        this.agentsPerProposal = agentsPerProposal;
        this.concurrent = concurrent;
        this.runId = runId;
        proposals = new KafkaProducer<>(BenchListener.producerProperties(kafka, "proposals"), topics.proposals.keySerde().serializer(),
                topics.proposals.valueSerde().serializer());
        votes = new KafkaProducer<>(BenchListener.producerProperties(kafka, "votes"), topics.votes.keySerde().serializer(),
                topics.votes.valueSerde().serializer());
        listener = new BenchListener(kafka, List.of(PassThroughTopology.ROUNDS, PassThroughTopology.OUT), this::onRecord);
        for (int i = 0; i < voterThreads; i++) {
            threads.add(new Thread(this::voteLoop, "synod-bench-cycle-voter-" + i));
        }
    }

    PassThroughCycle start() {
        listener.start();
        threads.forEach(Thread::start);
        for (int i = 0; i < concurrent; i++) {
            issue();
        }
        return this;
    }

    private void issue() {
        String id = runId + "-" + issued.getAndIncrement();
        String key = agents.tenant() + "/" + id;
        open.put(key, new AtomicInteger());
        long now = System.currentTimeMillis();
        proposals.send(new ProducerRecord<>(PassThroughTopology.PROPOSALS, null, now, key,
                ProposalLoad.proposal(agents, id, agentsPerProposal, ThroughputBench.ROUND_TIMEOUT_MS, now)));
    }

    private void voteLoop() {
        Random random = new Random(Thread.currentThread().getName().hashCode());
        while (running) {
            String key;
            try {
                key = toVote.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                continue;
            }
            String id = key.substring(agents.tenant().length() + 1);
            for (int i = 0; i < agentsPerProposal; i++) {
                long now = System.currentTimeMillis();
                votes.send(new ProducerRecord<>(PassThroughTopology.VOTES, null, now, key, agents.randomVote(i, id, now, random)));
            }
        }
    }

    private void onRecord(ConsumerRecord<String, byte[]> record, long nowNs) {
        AtomicInteger out = record.key() == null ? null : open.get(record.key());
        if (out == null) {
            return;
        }
        if (record.topic().equals(PassThroughTopology.ROUNDS)) {
            toVote.add(record.key());
            return;
        }
        votesOut.incrementAndGet();
        if (out.incrementAndGet() == agentsPerProposal) {
            open.remove(record.key());
            finished.incrementAndGet();
            if (issuing) {
                issue();
            }
        }
    }

    /** Votes that came out of proposals of this run. */
    @Override
    public long received() {
        return votesOut.get();
    }

    /** Proposals all of whose votes came out. */
    long finished() {
        return finished.get();
    }

    /** Stops issuing and waits (at most {@code timeout}) for the open proposals; returns how many did not finish. */
    @Override
    public long drain(Duration timeout) throws InterruptedException {
        issuing = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return open.size();
    }

    @Override
    public void close() throws InterruptedException {
        issuing = false;
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        listener.close();
        proposals.close(Duration.ofSeconds(5));
        votes.close(Duration.ofSeconds(5));
    }
}
