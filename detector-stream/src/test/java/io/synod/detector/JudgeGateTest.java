package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM judge against a local fake chat-completions server (JDK HttpServer), through the detector topology. */
class JudgeGateTest {
    private final Topics topics = Topics.local();
    private HttpServer server;
    private TopologyTestDriver driver;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String answer = "[{\"coherence\":0.1,\"supports\":false}]";
    private volatile boolean hang;
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TestInputTopic<String, Vote> votes;
    private TestOutputTopic<String, ScoredVote> scored;

    private void givenJudge(long timeoutMs, int breakerFailures) throws IOException {
        givenJudgeServer();
        givenDetector(timeoutMs, breakerFailures);
        givenAnOpenRound();
    }

    private void givenJudgeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            calls.incrementAndGet();
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String content = answer.replace("\"", "\\\"");
            byte[] body = ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    private void givenDetector(long timeoutMs, int breakerFailures) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
        JudgeGate.Factory judge = new JudgeGate.Factory(url, "fake-model", "secret", timeoutMs, 1, breakerFailures, 60_000, 100, 0.5);
        java.util.Properties props = new java.util.Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "judge-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        driver = new TopologyTestDriver(DetectorTopology.build(topics,
                DetectorTopology.parts(topics, DetectorSettings.defaults(), 0.5, judge, StoreKinds.IN_MEMORY)), props);
        votes = driver.createInputTopic(Topics.VOTES, topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
        scored = driver.createOutputTopic(Topics.VOTES_SCORED, topics.votesScored.keySerde().deserializer(), topics.votesScored.valueSerde().deserializer());
    }

    private void givenAnOpenRound() {
        TestInputTopic<String, AgentRegistration> registry = driver.createInputTopic(Topics.REGISTRY,
                topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer());
        registry.pipeInput("t/a1", AgentRegistration.newBuilder().setTenant("t").setAgentId("a1").setUpdatedAtMs(0L).build());
        registry.pipeInput("t/a2", AgentRegistration.newBuilder().setTenant("t").setAgentId("a2").setUpdatedAtMs(0L).build());
        driver.createInputTopic(Topics.ROUNDS, topics.rounds.keySerde().serializer(), topics.rounds.valueSerde().serializer())
                .pipeInput("t/p1", RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(1).setText("Is the invoice genuine?")
                        .setOptions(List.of("approve", "reject")).setEligible(List.of("a1", "a2")).setPolicy(Policy.newBuilder().build())
                        .setOpenedAtMs(0L).setDeadlineMs(30_000L).build(), 0L);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void whenAVoteArrives() {
        votes.pipeInput("t/p1", Vote.newBuilder().setEventId("v1").setTenant("t").setProposalId("p1").setAgentId("a1").setRound(1)
                .setChoice("approve").setConfidence(0.8).setJustification("The moon is made of cheese, so reject.").setCastAtMs(10L).build(), 10L);
    }

    /** Advances the driver's wall clock in small steps until a scored vote comes out (or a bound passes). */
    private List<ScoredVote> awaitScored(long maxWallMs) throws InterruptedException {
        List<ScoredVote> out = new ArrayList<>();
        for (long waited = 0; waited < maxWallMs && out.isEmpty(); waited += 20) {
            Thread.sleep(20);
            driver.advanceWallClockTime(Duration.ofMillis(20));
            out.addAll(scored.readValuesToList());
        }
        return out;
    }

    @Test
    void shouldHoldTheVoteUntilTheJudgeAnswersAndAddItsFindings() throws Exception {
        givenJudge(5_000, 3);

        whenAVoteArrives();
        assertThat(scored.isEmpty()).as("held while the judge thinks").isTrue();
        List<ScoredVote> out = awaitScored(5_000);

        assertThat(out).hasSize(1);
        assertThat(out.get(0).getReasons()).contains(JudgeGate.INCOHERENT, JudgeGate.UNSUPPORTED);
        assertThat(out.get(0).getSuspicion()).isGreaterThan(0.0).isLessThan(0.5);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void shouldForwardTheVoteUnjudgedWhenTheJudgeTimesOut() throws Exception {
        givenJudge(200, 3);
        hang = true;

        whenAVoteArrives();
        List<ScoredVote> out = awaitScored(3_000);

        assertThat(out).hasSize(1);
        assertThat(out.get(0).getReasons()).doesNotContain(JudgeGate.INCOHERENT, JudgeGate.UNSUPPORTED);
    }

    @Test
    void shouldStopHoldingVotesOnceTheCircuitBreakerOpens() throws Exception {
        givenJudge(2_000, 1);
        answer = "not json at all";

        whenAVoteArrives();
        assertThat(awaitScored(3_000)).hasSize(1);
        votes.pipeInput("t/p1", Vote.newBuilder().setEventId("v2").setTenant("t").setProposalId("p1").setAgentId("a2").setRound(1)
                .setChoice("approve").setConfidence(0.8).setJustification("Another text entirely.").setCastAtMs(20L).build(), 20L);

        assertThat(scored.readValuesToList()).as("forwarded at once while the breaker is open").hasSize(1);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void shouldKeepAHeldVoteInItsStoreUntilItIsReleased() throws Exception {
        givenJudge(200, 3);
        hang = true;
        whenAVoteArrives();
        var pending = driver.<String, ScoredVote>getKeyValueStore(DetectorStores.PENDING);
        assertThat(pending.approximateNumEntries()).isEqualTo(1);

        List<ScoredVote> out = awaitScored(3_000);

        assertThat(out).hasSize(1);
        assertThat(pending.approximateNumEntries()).isZero();
    }

    @Test
    void shouldSendAHeldVoteToTheJudgeAgainAfterARestartFromItsPersistentStore(@TempDir Path stateDir) throws Exception {
        // Given a vote held in the detector's RocksDB store while the judge does not answer
        givenJudgeServer();
        hang = true;
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
        JudgeGate.Factory judge = new JudgeGate.Factory(url, "fake-model", "secret", 60_000, 1, 3, 60_000, 100, 0.5);
        DetectorTopology.Parts parts = DetectorTopology.parts(topics, DetectorSettings.defaults(), 0.5, judge, StoreKinds.PERSISTENT);
        RestartableTask before = new RestartableTask(parts, stateDir);
        before.process("t/p1", RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(1).setText("Is the invoice genuine?")
                .setOptions(List.of("approve", "reject")).setEligible(List.of("a1", "a2")).setPolicy(Policy.newBuilder().build())
                .setOpenedAtMs(0L).setDeadlineMs(30_000L).build(), 0L);
        before.process("t/p1", Vote.newBuilder().setEventId("v1").setTenant("t").setProposalId("p1").setAgentId("a1").setRound(1)
                .setChoice("approve").setConfidence(0.8).setJustification("The moon is made of cheese, so reject.").setCastAtMs(10L).build(), 10L);
        assertThat(before.forwarded()).as("held while the judge thinks").isEmpty();
        // and the task stops after its last commit without releasing it (the stores are flushed and closed, the processor is not)
        before.stop();

        // When the task starts again on the same state directory while the judge now answers
        hang = false;
        release.countDown();
        int callsBefore = calls.get();
        RestartableTask after = new RestartableTask(parts, stateDir);
        List<ScoredVote> out = after.punctuateUntilForwarded(5_000);

        // Then the restored vote is rated again, with its question, and forwarded with the judge's findings
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getVote().getEventId()).isEqualTo("v1");
        assertThat(out.get(0).getReasons()).contains(JudgeGate.INCOHERENT, JudgeGate.UNSUPPORTED);
        assertThat(calls.get()).isEqualTo(callsBefore + 1);
        assertThat(requests.get(requests.size() - 1)).contains("The moon is made of cheese").contains("Is the invoice genuine?");
        assertThat(after.<ScoredVote>store(DetectorStores.PENDING).approximateNumEntries()).isZero();
        after.stop();
    }

    /**
     * The detector's processor on persistent (RocksDB) stores in a fixed state directory, as one
     * stream task runs it: stopping flushes and closes the stores as a commit would leave them, and a
     * new instance opens the same files. (TopologyTestDriver deletes its state directory on close.)
     */
    private static final class RestartableTask {
        private final MockProcessorContext<String, SpecificRecord> context;
        private long streamTimeMs = Long.MIN_VALUE;
        private final Processor<String, SpecificRecord, String, SpecificRecord> processor;
        private final List<StateStore> stores = new ArrayList<>();

        RestartableTask(DetectorTopology.Parts parts, Path stateDir) {
            java.util.Properties props = new java.util.Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "judge-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
            context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
            context.setCurrentSystemTimeMs(System.currentTimeMillis());
            for (StoreBuilder<?> builder : parts.stores()) {
                // Restoring from the changelog is Kafka Streams' part; what the gate reads back is the store.
                open(builder.withLoggingDisabled());
            }
            open(parts.registry());
            open(parts.reputation());
            KeyValueStore<String, AgentRegistration> registry = store(DetectorTopology.REGISTRY_STORE);
            registry.put("t/a1", AgentRegistration.newBuilder().setTenant("t").setAgentId("a1").setUpdatedAtMs(0L).build());
            processor = parts.screener().get();
            processor.init(context);
        }

        private void open(StoreBuilder<?> builder) {
            StateStore store = builder.build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }

        <V> KeyValueStore<String, V> store(String name) {
            return context.getStateStore(name);
        }

        void process(String key, SpecificRecord value, long timestamp) {
            // As Kafka Streams does, stream time includes the record being processed.
            streamTimeMs = Math.max(streamTimeMs, timestamp);
            context.setCurrentStreamTimeMs(streamTimeMs);
            processor.process(new Record<>(key, value, timestamp));
        }

        List<ScoredVote> forwarded() {
            List<ScoredVote> out = new ArrayList<>();
            for (MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> forward : context.forwarded()) {
                if (forward.record().value() instanceof ScoredVote vote) {
                    out.add(vote);
                }
            }
            context.resetForwards();
            return out;
        }

        /** Fires the wall-clock punctuators every 20 ms of real time until something is forwarded. */
        List<ScoredVote> punctuateUntilForwarded(long maxWallMs) throws InterruptedException {
            List<ScoredVote> out = new ArrayList<>();
            for (long waited = 0; waited < maxWallMs && out.isEmpty(); waited += 20) {
                Thread.sleep(20);
                long now = System.currentTimeMillis();
                context.setCurrentSystemTimeMs(now);
                for (MockProcessorContext.CapturedPunctuator punctuator : context.scheduledPunctuators()) {
                    if (punctuator.getType() == PunctuationType.WALL_CLOCK_TIME) {
                        punctuator.getPunctuator().punctuate(now);
                    }
                }
                out.addAll(forwarded());
            }
            return out;
        }

        void stop() {
            for (StateStore store : stores) {
                store.flush();
                store.close();
            }
        }
    }
}
