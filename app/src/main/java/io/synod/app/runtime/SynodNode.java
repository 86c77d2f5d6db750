package io.synod.app.runtime;

import io.micrometer.core.instrument.Gauge;
import io.synod.app.observability.Observability;
import io.synod.app.observability.OpsServer;
import io.synod.app.observability.OutputObserver;
import io.synod.app.runtime.NodeApps.App;
import io.synod.config.SynodConfig;
import io.synod.reputation.mirror.Migrations;
import io.synod.reputation.mirror.PostgresMirror;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import io.synod.tracing.StageTracer;
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
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Synod process: provisions topics, applies the Postgres migrations, runs the stream apps, the
 * Postgres mirror and the registry CDC that {@code node.apps} names (all by default), their
 * metrics, and the operations HTTP server. Embedded or against a cluster, only the configuration
 * differs.
 */
public final class SynodNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SynodNode.class);

    private final SynodConfig config;
    private final Topics topics;
    private final NodeApps apps;
    private final Observability observability;
    private final Admin admin;
    private final Map<String, KafkaStreams> streams = new LinkedHashMap<>();
    private final List<OutputObserver> observers = new ArrayList<>();
    private PostgresMirror mirror;
    private Thread mirrorThread;
    private final NodeHealth health;
    private final Path stateRoot;
    private final boolean ownsStateRoot;
    private volatile RegistryCdc registryCdc;
    private volatile boolean closing;
    private OpsServer ops;

    private SynodNode(SynodConfig config, Topics topics) throws Exception {
        this.config = config;
        this.topics = topics;
        apps = NodeApps.from(config);
        StreamsSettings.checkAppSettings(config);
        observability = Observability.create(config, config.get("otel.service.name"), topicNames(topics));
        String configuredState = config.getOrBlank("streams.state.dir");
        ownsStateRoot = configuredState.isBlank();
        stateRoot = ownsStateRoot ? Files.createTempDirectory("synod-state-") : Path.of(configuredState);
        Properties kafka = config.kafkaClientProperties();
        admin = Admin.create(kafka);
        try {
            wire(kafka);
        } catch (Exception | Error e) {
            observers.forEach(OutputObserver::close);
            streams.values().forEach(s -> s.close(Duration.ofSeconds(5)));
            admin.close(Duration.ofSeconds(5));
            observability.close();
            throw e;
        }
        health = new NodeHealth(admin, topicNames(topics), streams, mirror, mirrorThread,
                new DatabasePing(config.get("postgres.url"), mirrorUser(), mirrorPassword()), () -> registryCdc, observers, () -> closing);
    }

    // The mirror writes as the application role (row-level security applies) when one is configured.
    private String mirrorUser() {
        String appUser = config.getOrBlank("postgres.app.user");
        return appUser.isBlank() ? config.get("postgres.user") : appUser;
    }

    private String mirrorPassword() {
        return config.getOrBlank("postgres.app.user").isBlank() ? config.getOrBlank("postgres.password") : config.getOrBlank("postgres.app.password");
    }

    private void wire(Properties kafka) throws Exception {
        TopicProvisioner.ensure(admin, topics, config.getInt("topics.partitions"), (short) config.getInt("topics.replication.factor"));
        String jdbcUrl = config.get("postgres.url");
        String appUser = config.getOrBlank("postgres.app.user");
        if (apps.usesPostgres()) {
            Migrations.apply(jdbcUrl, config.get("postgres.user"), config.getOrBlank("postgres.password"));
            if (!appUser.isBlank()) {
                Migrations.ensureAppLogin(jdbcUrl, config.get("postgres.user"), config.getOrBlank("postgres.password"), appUser,
                        config.getOrBlank("postgres.app.password"));
            }
        }
        for (Map.Entry<String, Topology> app : SynodTopologies.forNode(config, topics, StoreKinds.live(config.get("streams.state.stores")), apps).entrySet()) {
            streams.put(app.getKey(), streamApp(app.getKey(), app.getValue()));
        }
        String prefix = config.get("streams.application.id.prefix");
        if (apps.runs(App.MIRROR)) {
            String group = prefix + "-postgres-mirror";
            mirror = new PostgresMirror(topics, kafka, group, jdbcUrl, mirrorUser(), mirrorPassword(),
                    observability.registry(), Observability.kafkaTags(App.MIRROR.id(), group));
            mirrorThread = new Thread(mirror, "synod-postgres-mirror");
            mirrorThread.setDaemon(true);
        }
        observers.addAll(AppObservers.of(config, apps, topics, kafka, observability));
    }

    private KafkaStreams streamApp(String app, Topology topology) {
        Properties props = StreamsSettings.forApp(config, app, stateRoot);
        if (observability.tracing().exporting()) {
            // The processors find the node's tracer in their configuration (StageTracer.from).
            props.put(StageTracer.CONFIG, observability.tracing().processors());
        }
        KafkaStreams instance = LocalState.open(topology, props, app);
        instance.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread of {} failed; replacing it", app, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        observability.bind(instance, app, props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        Gauge.builder("synod.stream.app.running", instance, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the stream app is RUNNING").tag("app", app).register(observability.registry());
        return instance;
    }

    private static Set<String> topicNames(Topics topics) {
        Set<String> names = new TreeSet<>();
        for (Topic<?, ?> topic : topics.all()) {
            names.add(topic.name());
        }
        names.add(TopicProvisioner.DEAD_LETTER_TOPIC);
        return names;
    }

    /** Starts everything and waits until every stream app is RUNNING and every metrics observer is reading. */
    public static SynodNode start(SynodConfig config, Topics topics, Duration timeout) throws Exception {
        SynodNode node = new SynodNode(config, topics);
        try {
            // Health is answerable while the apps start (ready: false until they run).
            node.startOpsServer();
            if (node.apps.runs(App.CDC) && config.getBoolean("registry.cdc.enabled")) {
                node.registryCdc = RegistryCdc.start(config, topics, node.stateRoot.resolve("registry-cdc"),
                        node.observability.registry(), Observability.kafkaTags(App.CDC.id(), ""));
                ReplicationSlotLag.register(node.observability.registry(), config.get("postgres.url"), config.get("postgres.user"),
                        config.getOrBlank("postgres.password"));
            }
            node.streams.values().forEach(KafkaStreams::start);
            if (node.mirrorThread != null) {
                node.mirrorThread.start();
            }
            node.observers.forEach(OutputObserver::start);
            node.awaitRunning(timeout);
            LOG.info("Synod running {}; operations endpoint {}", node.apps.describe(), node.opsUrl());
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    private void startOpsServer() throws java.io.IOException {
        int port = config.getInt("metrics.port");
        if (port >= 0) {
            ops = OpsServer.start(config.get("metrics.host"), port, observability, health::liveness, health::readiness);
        }
    }

    /** The operations server's base URL (append /metrics, /health/ready, /health/live); null when metrics.port is -1. */
    public String opsUrl() {
        return ops == null ? null : ops.baseUrl();
    }

    public Observability observability() {
        return observability;
    }

    /** The mirror, or null when this node does not run it. */
    public PostgresMirror mirror() {
        return mirror;
    }

    public List<KafkaStreams> streams() {
        return List.copyOf(streams.values());
    }

    public NodeApps apps() {
        return apps;
    }

    private void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)
                || !observers.stream().allMatch(OutputObserver::isReading)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("stream apps not RUNNING after " + timeout + ": "
                        + streams.values().stream().map(s -> s.state().toString()).toList());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        closing = true;
        if (ops != null) {
            ops.close();
        }
        observers.forEach(OutputObserver::close);
        if (registryCdc != null) {
            registryCdc.close();
        }
        if (mirror != null) {
            mirror.close();
        }
        streams.values().forEach(s -> s.close(Duration.ofSeconds(10)));
        if (mirrorThread != null) {
            try {
                mirrorThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        admin.close(Duration.ofSeconds(5));
        observability.close();
        if (ownsStateRoot) {
            Directories.deleteRecursively(stateRoot);
        }
    }
}
