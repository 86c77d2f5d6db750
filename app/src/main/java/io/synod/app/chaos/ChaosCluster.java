package io.synod.app.chaos;

import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedKafkaBroker;
import io.synod.embedded.EmbeddedPostgresServer;
import io.synod.embedded.FreePorts;
import io.synod.reputation.mirror.Migrations;
import io.synod.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the chaos run breaks: a KRaft broker on a log directory it keeps across restarts, an
 * embedded PostgreSQL that can be stopped and started on its data, and the Synod apps, each group
 * in a JVM of its own ({@code synod run --apps}), with their state directories under the work dir.
 */
final class ChaosCluster implements AutoCloseable {
    static final String APP_USER = "synod_chaos_mirror";

    private final Path workDir;
    private final Path brokerDir;
    private final String appPassword = java.util.UUID.randomUUID().toString();
    private volatile EmbeddedKafkaBroker broker;
    private final EmbeddedPostgresServer postgres;
    private final Map<String, SynodProcess> processes = new LinkedHashMap<>();
    private final List<Path> mounts = new ArrayList<>();
    private final Topics topics = Topics.local();
    private final SynodConfig base;

    private ChaosCluster(Path workDir, EmbeddedKafkaBroker broker, EmbeddedPostgresServer postgres, SynodConfig base) {
        this.workDir = workDir;
        this.brokerDir = workDir.resolve("broker");
        this.broker = broker;
        this.postgres = postgres;
        this.base = base;
    }

    /**
     * Starts the broker and PostgreSQL, provisions topics and schema, and writes one configuration
     * file per process group; the processes themselves start with {@link #startProcesses}.
     */
    static ChaosCluster start(Path workDir, Map<String, String> groups, Map<String, String> settings, List<String> jvmOptions) throws Exception {
        Files.createDirectories(workDir);
        CompletableFuture<EmbeddedPostgresServer> postgres = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedPostgresServer.start();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startAt(workDir.resolve("broker"), Map.of());
        EmbeddedPostgresServer database;
        try {
            database = postgres.join();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        SynodConfig base = SynodConfig.defaults().with(settings).with(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "postgres.url", database.jdbcUrl(),
                "postgres.user", database.username(),
                "postgres.password", database.password()));
        ChaosCluster cluster = new ChaosCluster(workDir, broker, database, base);
        try {
            try (Admin admin = Admin.create(base.kafkaClientProperties())) {
                TopicProvisioner.ensure(admin, cluster.topics, base.getInt("topics.partitions"), (short) 1);
            }
            Migrations.apply(database.jdbcUrl(), database.username(), database.password());
            Migrations.ensureAppLogin(database.jdbcUrl(), database.username(), database.password(), APP_USER, cluster.appPassword);
            for (Map.Entry<String, String> group : groups.entrySet()) {
                cluster.addProcess(group.getKey(), group.getValue(), jvmOptions);
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void addProcess(String name, String apps, List<String> jvmOptions) throws IOException {
        Properties props = new Properties();
        props.putAll(base.with(Map.of(
                "postgres.app.user", APP_USER,
                "postgres.app.password", appPassword,
                "streams.state.dir", stateDir(name).toString(),
                "metrics.host", "127.0.0.1",
                "metrics.port", String.valueOf(FreePorts.next()))).asMap());
        Path config = workDir.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "synod chaos: process " + name + " runs " + apps);
        }
        processes.put(name, new SynodProcess(name, apps, config, workDir.resolve(name + ".log"),
                Integer.parseInt(props.getProperty("metrics.port")), jvmOptions));
    }

    Path stateDir(String process) {
        return workDir.resolve("state").resolve(process);
    }

    /** Puts a process's state directory on a small disk of its own (before it starts); false where mounting is not allowed. */
    boolean smallDisk(String process, int megabytes) throws IOException, InterruptedException {
        Path dir = stateDir(process);
        if (SmallDisk.mount(dir, megabytes)) {
            mounts.add(dir);
            return true;
        }
        return false;
    }

    /** Starts every process and waits until each answers ready. */
    void startProcesses(Duration timeout) throws InterruptedException, TimeoutException {
        processes.values().forEach(SynodProcess::start);
        for (SynodProcess process : processes.values()) {
            process.awaitReady(timeout);
        }
    }

    SynodProcess process(String name) {
        SynodProcess process = processes.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no process " + name + "; have " + processes.keySet());
        }
        return process;
    }

    List<SynodProcess> processes() {
        return new ArrayList<>(processes.values());
    }

    /** The first process group running {@code app}. */
    String processRunning(String app) {
        return processes.values().stream().filter(p -> List.of(p.apps().split(",")).contains(app)).map(SynodProcess::name)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no process runs " + app));
    }

    /** A controlled shutdown of the broker, then a start on the same log directory and address. */
    void restartBroker() throws Exception {
        broker.close();
        broker = EmbeddedKafkaBroker.startAt(brokerDir, Map.of());
    }

    void stopPostgres() throws IOException {
        postgres.stop();
    }

    void startPostgres() throws IOException {
        postgres.restart();
    }

    SynodConfig config() {
        return base;
    }

    Topics topics() {
        return topics;
    }

    Properties kafka() {
        return base.kafkaClientProperties();
    }

    Connection owner() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    void sql(String statement, String... parameters) throws SQLException {
        try (Connection connection = owner(); PreparedStatement s = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            s.execute();
        }
    }

    @Override
    public void close() {
        for (SynodProcess process : processes.values()) {
            process.close();
        }
        try {
            broker.close();
        } finally {
            postgres.close();
            mounts.forEach(SmallDisk::unmount);
        }
    }
}
