package io.synod.app.bench;

import io.synod.app.runtime.Directories;
import io.synod.app.runtime.StreamsSettings;
import io.synod.config.SynodConfig;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The latency bench's baseline, measured on the same broker in the same run: a round's votes
 * through Kafka Streams' own exactly-once hop with nothing in between (the vote path's shape, see
 * {@link PassThroughTopology#fusedHop}), timed from the last vote produced to its copy consumed by
 * a read-committed reader set up as the Synod probe's. What Synod adds to that is its own.
 */
final class LatencyCeiling implements AutoCloseable {
    private final KafkaStreams app;
    private final Path state;
    private final KafkaProducer<String, Vote> votes;
    private final Map<String, Integer> expected = new ConcurrentHashMap<>();
    private final Map<String, Integer> arrived = new ConcurrentHashMap<>();
    private final Map<String, Long> completedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread listener;

    private LatencyCeiling(KafkaStreams app, Path state, KafkaProducer<String, Vote> votes, KafkaConsumer<String, byte[]> consumer) {
        this.app = app;
        this.state = state;
        this.votes = votes;
        listener = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        int count = arrived.merge(record.key(), 1, Integer::sum);
                        if (count == expected.getOrDefault(record.key(), -1)) {
                            completedAt.put(record.key(), now);
                        }
                    }
                }
            }
        }, "synod-bench-latency-ceiling-listener");
    }

    static LatencyCeiling start(SynodConfig config, Topics topics, Properties kafka, int partitions) throws Exception {
        PassThroughTopology.createTopics(kafka, partitions, (short) 1);
        Path state = Files.createTempDirectory("synod-latency-ceiling-");
        // The settings (commit interval, stream threads) of the app that closes the vote path, as the bench's settings line names them.
        KafkaStreams app = new KafkaStreams(PassThroughTopology.fusedHop(topics),
                StreamsSettings.standIn(config, ThroughputBench.votePathApp(config), "latency-ceiling", state));
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        KafkaProducer<String, Vote> votes = new KafkaProducer<>(producerProps, topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
        KafkaConsumer<String, byte[]> consumer = LatencyBench.committedReader(kafka, "synod-bench-latency-ceiling-");
        consumer.subscribe(List.of(PassThroughTopology.OUT));
        LatencyCeiling ceiling = new LatencyCeiling(app, state, votes, consumer);
        app.start();
        try {
            PassThroughTopology.awaitRunning(List.of(app));
        } catch (IllegalStateException e) {
            ceiling.close();
            throw e;
        }
        ceiling.listener.start();
        // The same settling time the Synod probe gives its reader to be assigned its partitions.
        Thread.sleep(3_000);
        return ceiling;
    }

    /** One round: a vote from each agent under one proposal key; ms from the last produced to the last copy consumed. */
    double round(String key, List<String> agents, VotePacer pacer) throws InterruptedException {
        expected.put(key, agents.size());
        long lastVote = 0;
        for (int i = 0; i < agents.size(); i++) {
            String agent = agents.get(i);
            pacer.awaitTurn(i);
            long at = System.currentTimeMillis();
            votes.send(new ProducerRecord<>(PassThroughTopology.VOTES, null, at, key, Vote.newBuilder().setEventId(key + "/" + agent)
                    .setTenant("bench").setProposalId(key).setAgentId(agent).setRound(1).setChoice("approve").setConfidence(0.9)
                    .setJustification("probe").setCastAtMs(at).build()));
            lastVote = System.nanoTime();
        }
        votes.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            Long at = completedAt.get(key);
            if (at != null) {
                expected.remove(key);
                arrived.remove(key);
                completedAt.remove(key);
                return (at - lastVote) / 1e6;
            }
            Thread.sleep(0, 200_000);
        }
        throw new IllegalStateException("the pass-through did not return the " + agents.size() + " votes of " + key + " within 300 s");
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (listener.isAlive()) {
            listener.join(5_000);
        }
        votes.close();
        app.close(Duration.ofSeconds(10));
        if (app.state() == KafkaStreams.State.NOT_RUNNING) {
            // Its state (none but the offsets' checkpoint) is of no use after the bench, nor the temporary directory holding it.
            app.cleanUp();
            Directories.deleteRecursively(state);
        }
    }
}
