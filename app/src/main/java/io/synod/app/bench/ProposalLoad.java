package io.synod.app.bench;

import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The load generator against a running Synod: keeps {@code concurrent} proposals of
 * {@code agentsPerProposal} agents in flight (or issues them at a fixed vote rate, never more than
 * {@code concurrent} at once), waits for each proposal's round on {@code consensus.rounds},
 * publishes every participant's signed vote, and reads the decisions back read-committed. It is also
 * the benchmark's own check of the output: every proposal it issued must end in exactly one final
 * decision that counted every vote.
 */
final class ProposalLoad implements AutoCloseable {
    /** {@code votesPerSecond} 0 means closed loop: a new proposal as soon as one is decided. */
    record Settings(int agentsPerProposal, int concurrent, double votesPerSecond, long roundTimeoutMs, String runId) {
    }

    /** One proposal's life as the generator saw it. */
    static final class Tracked {
        final String id;
        final long proposedNs = System.nanoTime();
        volatile long roundNs;
        volatile long lastVoteNs;
        volatile long lastScoredNs;
        /** When its final decision was read: the scored votes, committed in the same transaction, may be read after it. */
        volatile long decidedNs;
        final AtomicInteger scored = new AtomicInteger();
        final AtomicInteger finals = new AtomicInteger();
        /** Ballots in the decision: every vote the coordinator received for the round. */
        volatile int participants = -1;

        Tracked(String id) {
            this.id = id;
        }
    }

    private final Topics topics;
    private final BenchAgents agents;
    private final Settings settings;
    private final String keyPrefix;
    private final KafkaProducer<String, Proposal> proposals;
    private final KafkaProducer<String, Vote> votes;
    private final BenchListener listener;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Tracked> toVote = new LinkedBlockingQueue<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong votesSent = new AtomicLong();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong flagged = new AtomicLong();
    private final Map<String, AtomicLong> rejections = new ConcurrentHashMap<>();
    private final LatencyWindow latencies = new LatencyWindow();
    /** Proposal produced -> its round readable: one hop for a tenant without a limit, three through the quota gate. */
    private final LatencyWindow rounds = new LatencyWindow();
    /** Last vote produced -> its scored vote readable: the detector's hop. */
    private final LatencyWindow detectorHop = new LatencyWindow();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean issuing;

    ProposalLoad(Topics topics, Properties kafka, BenchAgents agents, Settings settings, int voterThreads) {
        this.topics = topics;
        this.agents = agents;
        this.settings = settings;
        this.keyPrefix = agents.tenant() + "/";
        proposals = new KafkaProducer<>(BenchListener.producerProperties(kafka, "proposals"), topics.proposals.keySerde().serializer(),
                topics.proposals.valueSerde().serializer());
        votes = new KafkaProducer<>(BenchListener.producerProperties(kafka, "votes"), topics.votes.keySerde().serializer(),
                topics.votes.valueSerde().serializer());
        listener = new BenchListener(kafka, List.of(topics.rounds.name(), topics.votesScored.name(), topics.decisions.name(), topics.rejected.name()),
                this::onRecord);
        for (int i = 0; i < voterThreads; i++) {
            threads.add(new Thread(this::voteLoop, "synod-bench-voter-" + i));
        }
    }

    /** Starts reading the outputs and issuing proposals. */
    ProposalLoad start() {
        listener.start();
        threads.forEach(Thread::start);
        issuing = true;
        if (settings.votesPerSecond() > 0) {
            Thread pacer = new Thread(this::paceLoop, "synod-bench-pacer");
            threads.add(pacer);
            pacer.start();
        } else {
            for (int i = 0; i < settings.concurrent(); i++) {
                issue();
            }
        }
        return this;
    }

    private void issue() {
        String id = settings.runId() + "-" + issued.getAndIncrement();
        Tracked proposal = new Tracked(id);
        tracked.put(id, proposal);
        inFlight.incrementAndGet();
        long now = System.currentTimeMillis();
        String key = keyPrefix + id;
        proposals.send(new ProducerRecord<>(topics.proposals.name(), null, now, key,
                proposal(agents, id, settings.agentsPerProposal(), settings.roundTimeoutMs(), now)));
    }

    /** The benchmark's proposal, keyed {@code tenant/id}: the pass-through ceiling sends the same one. */
    static Proposal proposal(BenchAgents agents, String id, int participants, long roundTimeoutMs, long now) {
        String key = agents.tenant() + "/" + id;
        return Proposal.newBuilder().setEventId(key)
                .setTenant(agents.tenant()).setProposalId(id).setText("Is claim " + id + " supported by its sources?")
                .setOptions(List.of("approve", "reject")).setParticipants(agents.ids(participants))
                // One round that always ends in a decision: what is measured is votes in, decisions out.
                .setPolicy(Policy.newBuilder().setMaxRounds(1).setFallback("plurality").setRoundTimeoutMs(roundTimeoutMs).build())
                .setProposedAtMs(now).build();
    }

    private void paceLoop() {
        double proposalsPerSecond = settings.votesPerSecond() / settings.agentsPerProposal();
        long intervalNs = (long) (1e9 / proposalsPerSecond);
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                continue;
            }
            next += intervalNs;
            if (!issuing) {
                continue;
            }
            if (inFlight.get() < settings.concurrent()) {
                issue();
            } else {
                skipped.incrementAndGet();
            }
        }
    }

    private void voteLoop() {
        Random random = new Random(Thread.currentThread().getName().hashCode());
        while (running) {
            Tracked proposal;
            try {
                proposal = toVote.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (proposal == null) {
                continue;
            }
            String key = keyPrefix + proposal.id;
            for (int i = 0; i < settings.agentsPerProposal(); i++) {
                long now = System.currentTimeMillis();
                Vote vote = agents.randomVote(i, proposal.id, now, random);
                votes.send(new ProducerRecord<>(topics.votes.name(), null, now, key, vote));
            }
            proposal.lastVoteNs = System.nanoTime();
            votesSent.addAndGet(settings.agentsPerProposal());
        }
    }

    private void onRecord(ConsumerRecord<String, byte[]> record, long nowNs) {
        String key = record.key();
        if (key == null || !key.startsWith(keyPrefix)) {
            return;
        }
        Tracked proposal = tracked.get(key.substring(keyPrefix.length()));
        if (record.topic().equals(topics.rejected.name())) {
            Rejection rejection = topics.rejected.valueSerde().deserializer().deserialize(record.topic(), record.value());
            rejections.computeIfAbsent(rejection.getSource() + ":" + rejection.getReason(), k -> new AtomicLong()).incrementAndGet();
            return;
        }
        if (proposal == null) {
            return;
        }
        if (record.topic().equals(topics.votesScored.name())) {
            // Only counted (no decoding): when the last one is readable, the detector's hop is done.
            if (proposal.scored.incrementAndGet() == settings.agentsPerProposal()) {
                proposal.lastScoredNs = nowNs;
                if (proposal.decidedNs > 0 && proposal.lastVoteNs > 0) {
                    detectorHop.record((nowNs - proposal.lastVoteNs) / 1e6);
                }
            }
        } else if (record.topic().equals(topics.rounds.name())) {
            RoundOpened round = topics.rounds.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (round.getRound() == 1) {
                proposal.roundNs = nowNs;
                rounds.record((nowNs - proposal.proposedNs) / 1e6);
                toVote.add(proposal);
            }
        } else if (record.topic().equals(topics.decisions.name())) {
            Decision decision = topics.decisions.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if ("escalated".equals(decision.getStatus())) {
                return;
            }
            if (proposal.finals.incrementAndGet() > 1) {
                duplicates.incrementAndGet();
                return;
            }
            proposal.decidedNs = nowNs;
            proposal.participants = decision.getBallots().size();
            flagged.addAndGet(decision.getFlagged().size());
            decided.incrementAndGet();
            inFlight.decrementAndGet();
            if (proposal.lastVoteNs > 0) {
                latencies.record((nowNs - proposal.lastVoteNs) / 1e6);
                if (proposal.lastScoredNs > 0) {
                    detectorHop.record((proposal.lastScoredNs - proposal.lastVoteNs) / 1e6);
                }
            }
            if (issuing && settings.votesPerSecond() <= 0) {
                issue();
            }
        }
    }

    /** Counters at one moment, to measure a window between two snapshots. */
    record Snapshot(long atNs, long issued, long votesSent, long decided) {
    }

    Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), issued.get(), votesSent.get(), decided.get());
    }

    LatencyWindow latencies() {
        return latencies;
    }

    LatencyWindow rounds() {
        return rounds;
    }

    LatencyWindow detectorHop() {
        return detectorHop;
    }

    long decided() {
        return decided.get();
    }

    long votesSent() {
        return votesSent.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Proposals the pacer could not issue because {@code concurrent} were already open (Synod fell behind). */
    long skipped() {
        return skipped.get();
    }

    /**
     * What the output check found. {@code incomplete}: decisions whose round closed without every
     * vote (a vote lost on the way would end its round at the deadline); {@code flagged}: ballots
     * the detector or coordinator flagged (counted, but not a loss).
     */
    record Check(long issued, long decided, long missing, long duplicated, long incomplete, long flagged, List<String> missingExamples,
                 Map<String, Long> rejections) {
        boolean ok() {
            return missing == 0 && duplicated == 0 && incomplete == 0 && rejections.isEmpty();
        }

        String describe() {
            return String.format("%d proposals issued, %d decided exactly once, %d without a decision%s, %d duplicated decisions, "
                            + "%d decided without every vote, rejections: %s, flagged ballots: %d", issued, decided, missing,
                    missingExamples.isEmpty() ? "" : " (e.g. " + String.join(", ", missingExamples) + ")", duplicated, incomplete,
                    rejections.isEmpty() ? "none" : rejections, flagged);
        }
    }

    /** Stops issuing, waits for the open proposals to end (at most {@code timeout}) and checks every one. */
    Check drain(Duration timeout) throws InterruptedException {
        issuing = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // A duplicate would come after the first decision: give one more read of the topics the chance to show it.
        Thread.sleep(1_000);
        long missing = 0;
        long incomplete = 0;
        List<String> examples = new ArrayList<>();
        for (Tracked proposal : tracked.values()) {
            if (proposal.finals.get() == 0) {
                missing++;
                if (examples.size() < 3) {
                    examples.add(proposal.id);
                }
            } else if (proposal.participants != settings.agentsPerProposal()) {
                incomplete++;
            }
        }
        Map<String, Long> rejected = new TreeMap<>();
        rejections.forEach((reason, count) -> rejected.put(reason, count.get()));
        return new Check(issued.get(), decided.get(), missing, duplicates.get(), incomplete, flagged.get(), examples, rejected);
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
