package io.synod.app.demo;

import io.synod.app.ConfigOption;
import io.synod.app.gateway.Gateway;
import io.synod.app.runtime.RegistrationPublisher;
import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedStack;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.topics.Topics;
import io.synod.tracing.StageTracer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Synod end to end on an embedded Kafka broker and PostgreSQL.",
                "Starts both, runs the three stream apps and a simulated agent population, and prints each decision",
                "as it is made. Nothing to install; Ctrl-C stops cleanly."})
public final class DemoCommand implements Callable<Integer> {
    static final String TENANT = "demo";

    @Option(names = "--proposals", defaultValue = "20", description = "Stop after this many decisions (default: ${DEFAULT-VALUE}).")
    int proposals;

    @Option(names = "--agents", defaultValue = "12", description = "Size of the simulated population (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--seed", defaultValue = "17", description = "Random seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--interval-ms", defaultValue = "150", description = "Pause between published proposals (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--gateway-port", defaultValue = "8080",
            description = "Port of the REST gateway the demo starts (default: ${DEFAULT-VALUE}; a free one when taken; -1: none).")
    int gatewayPort;

    @Mixin
    ConfigOption configOption;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long startNanos = System.nanoTime();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "synod-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(out, startNanos);
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running: it was waiting for us.
            }
        }
    }

    private int run(PrintStream out, long startNanos) throws Exception {
        out.println("Starting embedded Kafka (KRaft) and PostgreSQL...");
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            SynodConfig config = configOption.load().with(Map.of(
                    "kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                    "postgres.url", stack.postgresJdbcUrl(),
                    "postgres.user", stack.postgresUser(),
                    "postgres.password", stack.postgresPassword(),
                    "postgres.app.user", "synod_mirror",
                    "postgres.app.password", java.util.UUID.randomUUID().toString(),
                    "topics.partitions", "3"));
            Topics topics = Topics.forRegistryUrl(config.getOrBlank("schema.registry.url"));
            Properties kafka = config.kafkaClientProperties();
            out.printf("  Kafka at %s, PostgreSQL at %s (%.1f s)%n", stack.kafkaBootstrapServers(), stack.postgresJdbcUrl(), seconds(startNanos));

            Random random = new Random(seed);
            List<SimAgent> population = SimAgent.population(agents, random);
            try (Admin admin = Admin.create(kafka)) {
                TopicProvisioner.ensure(admin, topics, config.getInt("topics.partitions"), (short) 1);
            }
            register(topics, kafka, population);
            out.printf("Registered %d agents (%d honest of varied accuracy, %d bad: lazy or a colluding bloc).%n",
                    population.size(), population.stream().filter(a -> !a.isBad()).count(), population.stream().filter(SimAgent::isBad).count());

            out.println("Starting the stream apps: detector and coordinator as one, and reputation (exactly-once v2)...");
            try (SynodNode node = SynodNode.start(config, topics, Duration.ofSeconds(60));
                 Gateway gateway = startGateway(config, topics)) {
                out.printf("  Running (%.1f s since start).%n", seconds(startNanos));
                if (node.opsUrl() != null) {
                    out.printf("  Metrics at %s/metrics, health at %s/health/ready%s%n", node.opsUrl(), node.opsUrl(),
                            node.observability().tracing().exporting() ? "; spans to " + config.get("otel.exporter.otlp.endpoint") : "");
                }
                if (gateway != null) {
                    out.printf("  REST gateway at %s/api/v1 (try: curl %s/api/v1/consensus/claim-0001?tenant=%s)%n", gateway.localUrl(),
                            gateway.localUrl(), TENANT);
                }
                out.println();
                StageTracer clients = node.observability().tracing().clients();
                DemoReport report = new DemoReport(out, population);
                Map<String, String> truths = new ConcurrentHashMap<>();
                SimulatedAgents simulated = new SimulatedAgents(topics, kafka, population, truths, seed, clients);
                Thread agentsThread = new Thread(simulated, "synod-demo-agents");
                agentsThread.start();
                try (DecisionWatcher watcher = new DecisionWatcher(topics, kafka, "synod-demo-watch");
                     KafkaProducer<String, Proposal> proposer = new KafkaProducer<>(kafka, topics.proposals.keySerde().serializer(), topics.proposals.valueSerde().serializer())) {
                    runProposals(out, topics, random, truths, simulated, watcher, proposer, report, startNanos, clients);
                } finally {
                    simulated.close();
                    agentsThread.join(5_000);
                }
                report.printSummary(config, stopping.get());
            }
        }
        out.println("Stopped; embedded Kafka and PostgreSQL removed.");
        return 0;
    }

    private void runProposals(PrintStream out, Topics topics, Random random, Map<String, String> truths,
                              SimulatedAgents simulated, DecisionWatcher watcher, KafkaProducer<String, Proposal> proposer,
                              DemoReport report, long startNanos, StageTracer tracer) {
        int published = 0;
        long nextPublishNanos = System.nanoTime();
        report.printHeader();
        while (report.decided() < proposals && !stopping.get()) {
            int inFlight = published - report.decided();
            if (published < proposals && inFlight < 4 && System.nanoTime() >= nextPublishNanos) {
                published++;
                String id = String.format("claim-%04d", published);
                List<String> options = published % 5 == 0 ? List.of("approve", "reject", "revise") : List.of("approve", "reject");
                truths.put(id, options.get(random.nextInt(options.size())));
                long now = System.currentTimeMillis();
                Proposal proposal = Proposal.newBuilder()
                        .setEventId(TENANT + "/" + id).setTenant(TENANT).setProposalId(id)
                        .setText("Is claim " + published + " supported by the cited sources?")
                        .setOptions(options).setParticipants(null)
                        .setPolicy(Policy.newBuilder().setRoundTimeoutMs(5_000L).setMaxRounds(3).setFallbackAfterRounds(2).build())
                        .setProposedAtMs(now).build();
                // Each proposal starts a trace (when tracing is on) that its rounds, votes and decision continue.
                try (StageTracer.Stage span = tracer.startTrace("proposal.publish", null)) {
                    span.attribute("synod.tenant", TENANT).attribute("synod.proposal", id);
                    proposer.send(new ProducerRecord<>(topics.proposals.name(), null, now, TENANT + "/" + id, proposal,
                            TraceContext.headers(span.traceparent())));
                }
                proposer.flush();
                nextPublishNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
            }
            watcher.poll(Duration.ofMillis(20), decision -> {
                // Only the demo's own proposals: one sent through the gateway has no known truth to score.
                if (!"escalated".equals(decision.getStatus()) && truths.containsKey(decision.getProposalId())) {
                    Long lastVote = simulated.lastVoteNanos(decision.getProposalId());
                    report.decided(decision, truths.get(decision.getProposalId()),
                            lastVote == null ? -1 : (System.nanoTime() - lastVote) / 1_000_000.0, seconds(startNanos));
                }
            });
        }
    }

    private Gateway startGateway(SynodConfig config, Topics topics) throws Exception {
        if (gatewayPort < 0) {
            return null;
        }
        try {
            return Gateway.start(config, topics, gatewayPort);
        } catch (java.net.BindException taken) {
            return Gateway.start(config, topics, 0);
        }
    }

    private static void register(Topics topics, Properties kafka, List<SimAgent> population) throws InterruptedException {
        long now = System.currentTimeMillis();
        List<AgentRegistration> registrations = new ArrayList<>(population.size());
        for (SimAgent agent : population) {
            registrations.add(AgentRegistration.newBuilder().setTenant(TENANT).setAgentId(agent.id()).setKind(agent.kind())
                    .setActive(true).setUpdatedAtMs(now).build());
        }
        RegistrationPublisher.publish(topics, kafka, registrations);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
