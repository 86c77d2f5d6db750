package io.synod.app.bench;

import io.synod.app.runtime.Directories;
import io.synod.app.runtime.RegistrationPublisher;
import io.synod.app.runtime.SynodNode;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedKafkaBroker;
import io.synod.embedded.EmbeddedPostgresServer;
import io.synod.schemas.AgentRegistration;
import io.synod.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the live benchmarks run against: the embedded KRaft broker, or an external cluster given by
 * {@code --bootstrap}, and an embedded PostgreSQL for the mirror either way; the configuration of
 * the node under test (state in a directory the benchmark can measure); the provisioned topics;
 * and the registered agents.
 */
final class BenchEnvironment implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedPostgresServer postgres;
    private final SynodConfig config;
    private final Topics topics = Topics.local();
    private final Path stateDir;

    private BenchEnvironment(EmbeddedKafkaBroker broker, EmbeddedPostgresServer postgres, SynodConfig config, Path stateDir) {
        this.broker = broker;
        this.postgres = postgres;
        this.config = config;
        this.stateDir = stateDir;
    }

    /**
     * Starts what is needed. {@code bootstrap} null means the embedded broker; against an external
     * cluster the stream apps get an application id prefix of their own, so they never join the
     * groups of a Synod that already runs there. {@code brokerSettings} override the embedded broker's.
     */
    static BenchEnvironment start(SynodConfig base, String bootstrap, boolean embeddings, Map<String, String> brokerSettings) throws Exception {
        EmbeddedKafkaBroker broker = bootstrap == null ? EmbeddedKafkaBroker.start(brokerSettings) : null;
        EmbeddedPostgresServer postgres = null;
        try {
            postgres = EmbeddedPostgresServer.start();
            Path stateDir = Files.createTempDirectory("synod-bench-state-");
            Map<String, String> overrides = new HashMap<>();
            overrides.put("kafka.bootstrap.servers", broker != null ? broker.bootstrapServers() : bootstrap);
            overrides.put("postgres.url", postgres.jdbcUrl());
            overrides.put("postgres.user", postgres.username());
            overrides.put("postgres.password", postgres.password());
            overrides.put("postgres.app.user", "synod_mirror");
            overrides.put("postgres.app.password", java.util.UUID.randomUUID().toString());
            overrides.put("streams.state.dir", stateDir.toString());
            // The embedding side path samples each new agent's first justifications: with thousands of fresh
            // agents it would measure the model (about 100 texts/s here), not the vote path. On with --embeddings.
            overrides.put("detector.embeddings.enabled", String.valueOf(embeddings));
            if (bootstrap != null) {
                overrides.put("streams.application.id.prefix", "synod-bench-" + Long.toHexString(System.currentTimeMillis()));
            }
            SynodConfig config = base.with(overrides);
            BenchEnvironment environment = new BenchEnvironment(broker, postgres, config, stateDir);
            try (Admin admin = Admin.create(config.kafkaClientProperties())) {
                TopicProvisioner.ensure(admin, environment.topics, config.getInt("topics.partitions"),
                        (short) config.getInt("topics.replication.factor"));
            }
            return environment;
        } catch (Exception | Error e) {
            if (postgres != null) {
                postgres.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    SynodConfig config() {
        return config;
    }

    Topics topics() {
        return topics;
    }

    Properties kafka() {
        return config.kafkaClientProperties();
    }

    String bootstrapServers() {
        return config.get("kafka.bootstrap.servers");
    }

    int partitions() {
        return config.getInt("topics.partitions");
    }

    /** The stream apps' state directories (RocksDB stores and checkpoints). */
    Path stateDir() {
        return stateDir;
    }

    /**
     * Publishes every agent's registration (with its public key) and checks each acknowledgement,
     * resending what failed: a registration lost here would show up as rejected votes later.
     */
    void register(BenchAgents agents) throws InterruptedException {
        long now = System.currentTimeMillis();
        List<AgentRegistration> registrations = new ArrayList<>(agents.size());
        for (int i = 0; i < agents.size(); i++) {
            registrations.add(agents.registration(i, now));
        }
        RegistrationPublisher.publish(topics, kafka(), registrations);
    }

    /** Starts the node under test: the three stream apps, the mirror and the registry CDC. */
    SynodNode startNode() throws Exception {
        return SynodNode.start(config, topics, Duration.ofMinutes(3));
    }

    /** Bytes of every file under the state directory: the RocksDB stores, their logs and checkpoints. */
    long stateBytes() {
        return directoryBytes(stateDir);
    }

    static long directoryBytes(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Deleted by a compaction while we walked.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            try {
                postgres.close();
            } finally {
                Directories.deleteRecursively(stateDir);
            }
        }
    }
}
