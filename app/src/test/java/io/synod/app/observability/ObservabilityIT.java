package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.runtime.Directories;
import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.testsupport.TestInfrastructure;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import io.synod.tracing.TraceHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running node's operations side on the embedded stack: traced proposals voted on by agents
 * that propagate the round's trace context, then the trace headers, the exported spans, the
 * Prometheus scrape (against every metric the Grafana dashboards query) and the health endpoints.
 */
class ObservabilityIT {
    private static final String TENANT = "ops";
    private static final List<String> AGENTS = List.of("a1", "a2", "a3", "a4", "a5");
    private static final List<String> PROPOSALS = List.of("q1", "q2", "q3");
    private static final Topics topics = Topics.local();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static FakeOtlpReceiver receiver;
    private static TestInfrastructure infrastructure;
    private static SynodNode node;
    private static SynodConfig config;
    private static Path stateDir;
    private static final Map<String, String> proposalTraceparents = new LinkedHashMap<>();
    private static final Map<String, String> roundTraceparents = new LinkedHashMap<>();
    private static final Map<String, String> decisionTraceparents = new LinkedHashMap<>();

    @BeforeAll
    static void startNodeAndRunTracedProposals() throws Exception {
        receiver = new FakeOtlpReceiver();
        infrastructure = TestInfrastructure.start();
        stateDir = Files.createTempDirectory("synod-ops-it-");
        config = SynodConfig.defaults().with(Map.ofEntries(
                Map.entry("kafka.bootstrap.servers", infrastructure.bootstrapServers()),
                Map.entry("postgres.url", infrastructure.jdbcUrl()),
                Map.entry("postgres.user", infrastructure.jdbcUser()),
                Map.entry("postgres.password", infrastructure.jdbcPassword()),
                Map.entry("topics.partitions", "2"),
                Map.entry("streams.state.dir", stateDir.toString()),
                Map.entry("streams.application.id.prefix", "synod-ops-it"),
                Map.entry("metrics.port", "0"),
                Map.entry("metrics.host", "127.0.0.1"),
                Map.entry("metrics.kafka.refresh.ms", "1000"),
                Map.entry("otel.exporter.otlp.endpoint", receiver.endpoint())));
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            TopicProvisioner.ensure(admin, topics, 2, (short) 1);
        }
        try (KafkaProducer<String, AgentRegistration> producer = producer(topics.registry)) {
            for (String agent : AGENTS) {
                producer.send(new ProducerRecord<>(topics.registry.name(), TENANT + "/" + agent, AgentRegistration.newBuilder()
                        .setTenant(TENANT).setAgentId(agent).setUpdatedAtMs(System.currentTimeMillis()).build()));
            }
        }
        node = SynodNode.start(config, topics, Duration.ofSeconds(120));
        for (int i = 0; i < PROPOSALS.size(); i++) {
            proposalTraceparents.put(PROPOSALS.get(i), String.format("00-%032x-%016x-01", 0xabc000L + i, 0xdef000L + i));
        }
        try (KafkaConsumer<String, RoundOpened> rounds = consumer(topics.rounds);
             KafkaConsumer<String, Decision> decisions = consumer(topics.decisions);
             KafkaProducer<String, Proposal> proposer = producer(topics.proposals);
             KafkaProducer<String, Vote> agents = producer(topics.votes)) {
            for (String id : PROPOSALS) {
                proposer.send(new ProducerRecord<>(topics.proposals.name(), null, TENANT + "/" + id, Proposal.newBuilder()
                        .setEventId(TENANT + "/" + id).setTenant(TENANT).setProposalId(id).setText("Ship " + id + "?")
                        .setOptions(List.of("approve", "reject")).setParticipants(AGENTS).setProposedAtMs(System.currentTimeMillis())
                        .build(), headers(proposalTraceparents.get(id))));
            }
            proposer.flush();
            awaitEach(rounds, PROPOSALS.size(), record -> {
                String traceparent = TraceHeaders.traceparent(record.headers());
                roundTraceparents.put(record.value().getProposalId(), traceparent);
                // Agents that continue the round's trace, as an instrumented agent would; one stranger.
                for (String agent : AGENTS) {
                    agents.send(new ProducerRecord<>(topics.votes.name(), null, record.key(), vote(record.value(), agent), headers(traceparent)));
                }
                agents.send(new ProducerRecord<>(topics.votes.name(), null, record.key(), vote(record.value(), "stranger"), headers(traceparent)));
                agents.flush();
            });
            awaitEach(decisions, PROPOSALS.size(),
                    record -> decisionTraceparents.put(record.value().getProposalId(), TraceHeaders.traceparent(record.headers())));
        }
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        Directories.deleteRecursively(stateDir);
    }

    @Test
    void shouldCarryTheProposalsTraceIdOnItsRoundAndDecision() {
        assertThat(decisionTraceparents).containsOnlyKeys(PROPOSALS);
        for (String id : PROPOSALS) {
            String traceId = TraceHeaders.traceId(proposalTraceparents.get(id));
            assertThat(TraceHeaders.traceId(roundTraceparents.get(id))).as(id + " round").isEqualTo(traceId);
            assertThat(TraceHeaders.traceId(decisionTraceparents.get(id))).as(id + " decision").isEqualTo(traceId);
            assertThat(decisionTraceparents.get(id)).as("the decision's parent is the coordinator's span").isNotEqualTo(proposalTraceparents.get(id));
        }
    }

    @Test
    void shouldExportTheCoordinatorAndDetectorSpansOfTheProposalsTrace() throws Exception {
        String traceId = TraceHeaders.traceId(proposalTraceparents.get("q1"));
        node.observability().tracing().flush();

        assertThat(receiver.awaitReceived("coordinator.decide", traceId, Duration.ofSeconds(20))).isTrue();
        assertThat(receiver.awaitReceived("coordinator.open_round", traceId, Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.awaitReceived("detector.screen", traceId, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void shouldExportEveryMetricTheGrafanaDashboardsQuery() throws Exception {
        List<DashboardQueries.Query> queries = DashboardQueries.all();
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> missing = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            // Kafka client metrics appear as partitions are assigned and fetched; reputation gauges once reputations arrive.
            Set<String> exported = DashboardQueries.exported(get("/metrics").body());
            missing.clear();
            for (DashboardQueries.Query query : queries) {
                for (String metric : DashboardQueries.metricNames(query.expr())) {
                    if (!exported.contains(metric)) {
                        missing.add(metric + " (" + query.where() + ")");
                    }
                }
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline && sleep());

        assertThat(missing).as("dashboard queries naming metrics Synod does not export").isEmpty();
    }

    @Test
    void shouldCountTheDecisionsTheirLatencyAndTheRejectedVotes() throws Exception {
        // The observers read what the apps committed on their own consumers: the test's consumer may have
        // seen every decision before they did.
        String votesScored = "consensus_votes_scored_total{tenant=\"ops\"}";
        String latencies = "consensus_latency_seconds_count{from=\"last_vote\"}";
        String rejected = "consensus_rejected_total{reason=\"unregistered_agent\",source=\"vote\",tenant=\"ops\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String scrape = get("/metrics").body();
        while (!(valueOrZero(scrape, votesScored) >= PROPOSALS.size() * AGENTS.size() && valueOrZero(scrape, latencies) >= PROPOSALS.size()
                && valueOrZero(scrape, rejected) >= PROPOSALS.size()) && System.nanoTime() < deadline && sleep()) {
            scrape = get("/metrics").body();
        }

        assertThat(value(scrape, "consensus_decisions_total{status=\"achieved\",tenant=\"ops\"}")).isEqualTo(PROPOSALS.size());
        assertThat(value(scrape, "consensus_achieved_total{tenant=\"ops\"}")).isEqualTo(PROPOSALS.size());
        assertThat(value(scrape, "consensus_latency_seconds_count{from=\"last_vote\"}")).isEqualTo(PROPOSALS.size());
        assertThat(value(scrape, "consensus_rounds_per_decision_count")).isEqualTo(PROPOSALS.size());
        assertThat(value(scrape, "consensus_rejected_total{reason=\"unregistered_agent\",source=\"vote\",tenant=\"ops\"}"))
                .isEqualTo(PROPOSALS.size());
        assertThat(value(scrape, "consensus_votes_scored_total{tenant=\"ops\"}")).isEqualTo(PROPOSALS.size() * AGENTS.size());
    }

    @Test
    void shouldAnswerReadyAndLiveWithEveryCheckUp() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        HttpResponse<String> live = get("/health/live");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"streams." + io.synod.app.runtime.FusedVotePath.APP + "\":\"UP\"").contains("\"topics\":\"UP\"")
                .contains("\"mirror\":\"UP\"");
        assertThat(live.statusCode()).isEqualTo(200);
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in the scrape");
    }

    private static double valueOrZero(String scrape, String series) {
        return scrape.lines().anyMatch(line -> line.startsWith(series + " ")) ? value(scrape, series) : 0.0;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(500);
        return true;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.opsUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Vote vote(RoundOpened round, String agent) {
        return Vote.newBuilder().setEventId(round.getProposalId() + "/" + agent).setTenant(TENANT).setProposalId(round.getProposalId())
                .setAgentId(agent).setRound(round.getRound()).setChoice("approve").setConfidence(0.9).setJustification(agent + " agrees")
                .setCastAtMs(System.currentTimeMillis()).build();
    }

    private static RecordHeaders headers(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    private static <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        return new KafkaProducer<>(config.kafkaClientProperties(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
        Properties props = new Properties();
        props.putAll(config.kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ops-it-" + topic.name());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    private static <V> void awaitEach(KafkaConsumer<String, V> consumer, int count, java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key().startsWith(TENANT + "/") && !seen.contains(record.key())) {
                    seen.add(record.key());
                    each.accept(record);
                }
            }
        }
        assertThat(seen).as("records on " + consumer.subscription()).hasSize(count);
    }
}
