package io.synod.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.ProgressLine;
import io.synod.app.runtime.RegistrationPublisher;
import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedStack;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Last vote of a round produced → its decision consumed, on the embedded broker with all three
 * stream apps (exactly-once v2) and a read-committed consumer, one proposal at a time (light load).
 */
final class LatencyBench {
    private static final String TENANT = "bench";

    /** Synod's percentiles for one size, and Kafka's own exactly-once hop (the same votes, nothing in between) in the same run. */
    record Result(int agents, int proposals, double p50, double p95, double p99, double max, double kafkaP50, double kafkaP99) {
    }

    private LatencyBench() {
    }

    static List<Result> run(SynodConfig base, List<Integer> agentCounts, int proposals, int warmup, double voteRate, PrintStream progress)
            throws Exception {
        int maxAgents = agentCounts.stream().mapToInt(Integer::intValue).max().orElse(10);
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            SynodConfig config = base.with(Map.of(
                    "kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                    "postgres.url", stack.postgresJdbcUrl(),
                    "postgres.user", stack.postgresUser(),
                    "postgres.password", stack.postgresPassword(),
                    "postgres.app.user", "synod_mirror",
                    "postgres.app.password", java.util.UUID.randomUUID().toString()));
            Topics topics = Topics.local();
            Properties kafka = config.kafkaClientProperties();
            try (Admin admin = Admin.create(kafka)) {
                TopicProvisioner.ensure(admin, topics, config.getInt("topics.partitions"), (short) 1);
            }
            List<String> agents = new ArrayList<>();
            List<AgentRegistration> registrations = new ArrayList<>();
            for (int i = 0; i < maxAgents; i++) {
                String agent = String.format("agent-%05d", i);
                agents.add(agent);
                registrations.add(AgentRegistration.newBuilder().setTenant(TENANT).setAgentId(agent).setUpdatedAtMs(System.currentTimeMillis()).build());
            }
            RegistrationPublisher.publish(topics, kafka, registrations);
            // Kafka's floor first, on the same broker before any Synod app runs: the same rounds through a pass-through hop.
            Map<Integer, List<Double>> kafkaFloor = new LinkedHashMap<>();
            try (LatencyCeiling ceiling = LatencyCeiling.start(config, topics, kafka, config.getInt("topics.partitions"))) {
                int[] sequence = {0};
                for (int count : agentCounts) {
                    kafkaFloor.put(count, timeRounds(count, proposals, warmup, progress, "pass-through, " + count + " votes a round",
                            () -> ceiling.round(TENANT + "/ceiling-" + (++sequence[0]), agents.subList(0, count), new VotePacer(voteRate))));
                }
            }
            try (SynodNode node = SynodNode.start(config, topics, Duration.ofSeconds(90));
                 Probe probe = new Probe(topics, kafka, config.getLong("consensus.round.timeout.ms"))) {
                List<Result> results = new ArrayList<>();
                int[] sequence = {0};
                for (int count : agentCounts) {
                    List<Double> latencies = timeRounds(count, proposals, warmup, progress, count + " agents",
                            () -> probe.decide("lat-" + (++sequence[0]), agents.subList(0, count), new VotePacer(voteRate)));
                    List<Double> floor = kafkaFloor.get(count);
                    results.add(new Result(count, latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.95),
                            percentile(latencies, 0.99), latencies.get(latencies.size() - 1), percentile(floor, 0.50), percentile(floor, 0.99)));
                }
                return results;
            }
        }
    }

    /** A read-committed reader from the latest offsets that fetches without waiting long, as a latency probe needs. */
    static KafkaConsumer<String, byte[]> committedReader(Properties kafka, String groupPrefix) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + System.nanoTime());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        return new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    /** One timed round: the ms from its last vote produced to its result consumed. */
    private interface Round {
        double time() throws InterruptedException;
    }

    /**
     * Warm-up rounds, then the measured ones, sorted: at most about 5,000 measured votes per size (at
     * least 3 rounds), since a 10,000-agent round is 10,000 votes.
     */
    private static List<Double> timeRounds(int count, int proposals, int warmup, PrintStream progress, String what, Round round)
            throws InterruptedException {
        int measured = Math.min(proposals, Math.max(3, 5_000 / count));
        int warm = Math.min(warmup, Math.max(1, 500 / count));
        List<Double> latencies = new ArrayList<>();
        ProgressLine line = new ProgressLine(progress);
        for (int i = 0; i < warm + measured; i++) {
            int done = i;
            line.update(() -> String.format("bench latency: %s, round %d/%d", what, done + 1, warm + measured));
            double ms = round.time();
            if (i >= warm) {
                latencies.add(ms);
            }
        }
        line.clear();
        latencies.sort(Double::compare);
        return latencies;
    }

    static void print(List<Result> results, String settings, double voteRate, PrintStream out) throws Exception {
        String pacing = voteRate > 0 ? String.format("each round's votes paced at %.0f/s", voteRate) : "each round's votes all at once";
        out.println("last vote produced -> decision consumed, ms (" + settings + "; " + pacing + "); kafka: the same votes through a"
                + " pass-through exactly-once hop, same broker, same run");
        out.printf("%8s %9s %8s %8s %8s %8s %10s %10s %10s%n", "agents", "proposals", "p50", "p95", "p99", "max", "kafka p50", "kafka p99",
                "p99 ratio");
        for (Result r : results) {
            out.printf("%8d %9d %8.1f %8.1f %8.1f %8.1f %10.1f %10.1f %10.2f%n", r.agents(), r.proposals(), r.p50(), r.p95(), r.p99(), r.max(),
                    r.kafkaP50(), r.kafkaP99(), r.p99() / r.kafkaP99());
        }
        Result first = results.get(0);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bench", "latency");
        summary.put("value", round(first.p99()));
        // The baseline is Kafka's own hop measured in this run, so a slow machine slows both; the target stays absolute.
        summary.put("baseline", round(first.kafkaP99()));
        summary.put("ratio", Math.round(first.p99() / first.kafkaP99() * 100) / 100.0);
        summary.put("unit", "ms p99, last vote -> decision");
        summary.put("target", 100.0);
        summary.put("targetMet", first.p99() < 100.0);
        Map<String, Object> details = new LinkedHashMap<>();
        for (Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("p50", round(r.p50()));
            row.put("p95", round(r.p95()));
            row.put("p99", round(r.p99()));
            row.put("max", round(r.max()));
            row.put("kafkaP50", round(r.kafkaP50()));
            row.put("kafkaP99", round(r.kafkaP99()));
            details.put(r.agents() + " agents", row);
        }
        summary.put("settings", settings);
        summary.put("voteRate", voteRate);
        summary.put("details", details);
        out.println(new ObjectMapper().writeValueAsString(summary));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Publishes a proposal, waits for its round, votes, and times the decision. */
    private static final class Probe implements AutoCloseable {
        private final Topics topics;
        private final long roundTimeoutMs;
        private final KafkaProducer<String, Proposal> proposals;
        private final KafkaProducer<String, Vote> votes;
        private final Map<String, Long> roundsSeen = new ConcurrentHashMap<>();
        private final Map<String, Long> decided = new ConcurrentHashMap<>();
        /** Ballots counted in each decision: a round closed at its deadline before its last vote counted fewer. */
        private final Map<String, Integer> counted = new ConcurrentHashMap<>();
        private final Map<String, List<String>> rejected = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        // Independent voters: identical votes on every proposal would (rightly) be flagged as a bloc.
        private final java.util.Random random = new java.util.Random(42);
        private final Thread listener;

        /** {@code roundTimeoutMs}: a round's deadline when its votes come at once (the deployment's default). */
        Probe(Topics topics, Properties kafka, long roundTimeoutMs) {
            this.topics = topics;
            this.roundTimeoutMs = roundTimeoutMs;
            Properties producerProps = new Properties();
            producerProps.putAll(kafka);
            producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            proposals = new KafkaProducer<>(producerProps, topics.proposals.keySerde().serializer(), topics.proposals.valueSerde().serializer());
            votes = new KafkaProducer<>(producerProps, topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
            KafkaConsumer<String, byte[]> consumer = committedReader(kafka, "synod-bench-latency-");
            consumer.subscribe(List.of(topics.rounds.name(), topics.decisions.name(), topics.rejected.name()));
            listener = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                            long now = System.nanoTime();
                            if (record.topic().equals(topics.rounds.name())) {
                                RoundOpened round = topics.rounds.valueSerde().deserializer().deserialize(record.topic(), record.value());
                                roundsSeen.putIfAbsent(round.getProposalId(), now);
                            } else if (record.topic().equals(topics.rejected.name())) {
                                var rejection = topics.rejected.valueSerde().deserializer().deserialize(record.topic(), record.value());
                                rejected.computeIfAbsent(String.valueOf(rejection.getProposalId()), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                        .add(rejection.getReason() + ": " + rejection.getDetail());
                            } else {
                                Decision decision = topics.decisions.valueSerde().deserializer().deserialize(record.topic(), record.value());
                                counted.putIfAbsent(decision.getProposalId(), decision.getBallots().size());
                                decided.putIfAbsent(decision.getProposalId(), now);
                            }
                        }
                    }
                }
            }, "synod-bench-latency-listener");
            listener.start();
            waitForAssignment(consumer);
        }

        private static void waitForAssignment(KafkaConsumer<String, byte[]> consumer) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        double decide(String id, List<String> agents, VotePacer pacer) throws InterruptedException {
            String key = TENANT + "/" + id;
            long now = System.currentTimeMillis();
            proposals.send(new ProducerRecord<>(topics.proposals.name(), null, now, key, Proposal.newBuilder().setEventId(key).setTenant(TENANT)
                    .setProposalId(id).setText("latency probe").setOptions(List.of("approve", "reject")).setParticipants(agents)
                    // One round that always ends in a decision: what is timed is a round's close. Its deadline leaves
                    // paced votes twice the time they need, so that the round closes on its last vote, not its deadline.
                    .setPolicy(io.synod.schemas.Policy.newBuilder().setMaxRounds(1).setFallback("plurality")
                            .setRoundTimeoutMs(roundTimeoutMs + 2 * pacer.spanMs(agents.size())).build())
                    .setProposedAtMs(now).build()));
            proposals.flush();
            await(roundsSeen, id, "round");
            long lastVote = 0;
            for (int i = 0; i < agents.size(); i++) {
                pacer.awaitTurn(i);
                long at = System.currentTimeMillis();
                votes.send(new ProducerRecord<>(topics.votes.name(), null, at, key, Vote.newBuilder().setEventId(key + "/" + agents.get(i))
                        .setTenant(TENANT).setProposalId(id).setAgentId(agents.get(i)).setRound(1)
                        .setChoice(random.nextDouble() < 0.85 ? "approve" : "reject").setConfidence(0.9).setJustification("probe").setCastAtMs(at).build()));
                lastVote = System.nanoTime();
            }
            votes.flush();
            long decidedAt;
            try {
                decidedAt = await(decided, id, "decision");
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; rejections: " + rejected.getOrDefault(id, List.of()), e);
            }
            int ballots = counted.get(id);
            if (ballots != agents.size()) {
                throw new IllegalStateException("the decision of " + id + " counted " + ballots + " of its " + agents.size()
                        + " votes (its round closed before the last vote arrived); rejections: " + rejected.getOrDefault(id, List.of()));
            }
            return (decidedAt - lastVote) / 1e6;
        }

        private static long await(Map<String, Long> seen, String id, String what) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (System.nanoTime() < deadline) {
                Long at = seen.get(id);
                if (at != null) {
                    return at;
                }
                Thread.sleep(0, 200_000);
            }
            throw new IllegalStateException("no " + what + " for " + id + " within 300 s");
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            listener.join(5_000);
            proposals.close();
            votes.close();
        }
    }
}
