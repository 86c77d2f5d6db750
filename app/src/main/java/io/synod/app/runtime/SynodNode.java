package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import io.synod.reputation.mirror.Migrations;
import io.synod.reputation.mirror.PostgresMirror;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Synod process: provisions topics, applies the Postgres migrations, runs the detector,
 * coordinator and reputation stream apps and the Postgres mirror. Embedded or against a cluster,
 * only the configuration differs.
 */
public final class SynodNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SynodNode.class);

    private final List<KafkaStreams> streams = new ArrayList<>();
    private final PostgresMirror mirror;
    private final Thread mirrorThread;
    private final Path stateRoot;
    private final boolean ownsStateRoot;
    private RegistryCdc registryCdc;

    private SynodNode(SynodConfig config, Topics topics) throws Exception {
        String configuredState = config.getOrBlank("streams.state.dir");
        ownsStateRoot = configuredState.isBlank();
        stateRoot = ownsStateRoot ? Files.createTempDirectory("synod-state-") : Path.of(configuredState);
        Properties kafka = config.kafkaClientProperties();
        try (Admin admin = Admin.create(kafka)) {
            TopicProvisioner.ensure(admin, topics, config.getInt("topics.partitions"), (short) config.getInt("topics.replication.factor"));
        }
        String jdbcUrl = config.get("postgres.url");
        Migrations.apply(jdbcUrl, config.get("postgres.user"), config.getOrBlank("postgres.password"));
        String appUser = config.getOrBlank("postgres.app.user");
        if (!appUser.isBlank()) {
            Migrations.ensureAppLogin(jdbcUrl, config.get("postgres.user"), config.getOrBlank("postgres.password"), appUser,
                    config.getOrBlank("postgres.app.password"));
        }
        for (Map.Entry<String, Topology> app : SynodTopologies.build(config, topics, StoreKinds.PERSISTENT).entrySet()) {
            KafkaStreams instance = new KafkaStreams(app.getValue(), StreamsSettings.forApp(config, app.getKey(), stateRoot));
            instance.setUncaughtExceptionHandler(e -> {
                LOG.error("Stream thread of {} failed; replacing it", app.getKey(), e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.add(instance);
        }
        // The mirror writes as the application role (row-level security applies) when one is configured.
        mirror = new PostgresMirror(topics, kafka, config.get("streams.application.id.prefix") + "-postgres-mirror", jdbcUrl,
                appUser.isBlank() ? config.get("postgres.user") : appUser,
                appUser.isBlank() ? config.getOrBlank("postgres.password") : config.getOrBlank("postgres.app.password"));
        mirrorThread = new Thread(mirror, "synod-postgres-mirror");
        mirrorThread.setDaemon(true);
    }

    /** Starts everything and waits until every stream app is RUNNING. */
    public static SynodNode start(SynodConfig config, Topics topics, Duration timeout) throws Exception {
        SynodNode node = new SynodNode(config, topics);
        try {
            if (config.getBoolean("registry.cdc.enabled")) {
                node.registryCdc = RegistryCdc.start(config, topics, node.stateRoot.resolve("registry-cdc"));
            }
            node.streams.forEach(KafkaStreams::start);
            node.mirrorThread.start();
            node.awaitRunning(timeout);
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    public PostgresMirror mirror() {
        return mirror;
    }

    public List<KafkaStreams> streams() {
        return List.copyOf(streams);
    }

    private void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("stream apps not RUNNING after " + timeout + ": "
                        + streams.stream().map(s -> s.state().toString()).toList());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (registryCdc != null) {
            registryCdc.close();
        }
        mirror.close();
        streams.forEach(s -> s.close(Duration.ofSeconds(10)));
        try {
            mirrorThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsStateRoot) {
            Directories.deleteRecursively(stateRoot);
        }
    }
}
