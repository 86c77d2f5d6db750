package io.synod.embedded;

import io.synod.app.runtime.Directories;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka cluster (broker and controller in one process) on loopback, with its
 * log directory in a temp dir that is removed on close. Replication factors and min ISR are 1,
 * including the transaction and share-coordinator state topics, so exactly-once works.
 * {@link #startAt} keeps the log directory and the ports instead, so a broker closed there can be
 * started again on the same log (fault injection: a broker restart mid-load).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Map<String, String> extraBootstrap = new HashMap<>();

    /**
     * A listener beside the PLAINTEXT one (which stays for inter-broker traffic and set-up): its
     * name, security protocol, and broker settings without the {@code listener.name.<name>.} prefix.
     */
    public record Listener(String name, String protocol, Map<String, String> settings) {
    }

    private EmbeddedKafkaBroker(Path dataDir, boolean ownsDataDir, Map<String, String> overrides) throws Exception {
        this(dataDir, ownsDataDir, overrides, List.of());
    }

    private EmbeddedKafkaBroker(Path dataDir, boolean ownsDataDir, Map<String, String> overrides, List<Listener> extra) throws Exception {
        this(dataDir, ownsDataDir, overrides, extra, FreePorts.next(), FreePorts.next());
    }

    private EmbeddedKafkaBroker(Path dataDir, boolean ownsDataDir, Map<String, String> overrides, List<Listener> extra,
                                int brokerPort, int controllerPort) throws Exception {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        Path logDir = dataDir.resolve("kraft-logs");
        Files.createDirectories(logDir);
        bootstrapServers = "127.0.0.1:" + brokerPort;

        Map<String, String> props = new HashMap<>();
        props.put("node.id", "1");
        props.put("process.roles", "broker,controller");
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        for (Listener listener : extra) {
            int port = FreePorts.next();
            String address = listener.name() + "://127.0.0.1:" + port;
            props.merge("listeners", address, (a, b) -> a + "," + b);
            props.merge("advertised.listeners", address, (a, b) -> a + "," + b);
            props.merge("listener.security.protocol.map", listener.name() + ":" + listener.protocol(), (a, b) -> a + "," + b);
            String prefix = "listener.name." + listener.name().toLowerCase(java.util.Locale.ROOT) + ".";
            listener.settings().forEach((key, value) -> props.put(prefix + key, value));
            extraBootstrap.put(listener.name(), "127.0.0.1:" + port);
        }
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);

        if (Files.exists(logDir.resolve("meta.properties"))) {
            // A restart on a kept log directory: formatting again would refuse (or lose the cluster id).
            server = new KafkaRaftServer(config, Time.SYSTEM);
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();

        server = new KafkaRaftServer(config, Time.SYSTEM);
    }

    /** Starts a broker with its data in a new temp dir, waiting until it answers requests. */
    public static EmbeddedKafkaBroker start() throws Exception {
        return start(Map.of());
    }

    public static EmbeddedKafkaBroker start(Map<String, String> brokerOverrides) throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory("synod-kafka-"), true, brokerOverrides);
        try {
            broker.server.startup();
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    /**
     * Starts a broker whose log directory and ports live in {@code dataDir} and are kept when it is
     * closed: the first start formats the log and records the ports there, a later start on the same
     * directory reopens that log on the same address, so clients reconnect as to a restarted broker.
     */
    public static EmbeddedKafkaBroker startAt(Path dataDir, Map<String, String> brokerOverrides) throws Exception {
        Files.createDirectories(dataDir);
        Path portsFile = dataDir.resolve("ports.properties");
        Properties ports = new Properties();
        if (Files.exists(portsFile)) {
            try (var in = Files.newInputStream(portsFile)) {
                ports.load(in);
            }
        } else {
            ports.setProperty("broker", String.valueOf(FreePorts.next()));
            ports.setProperty("controller", String.valueOf(FreePorts.next()));
            try (var out = Files.newOutputStream(portsFile)) {
                ports.store(out, "EmbeddedKafkaBroker.startAt: the address this log directory is served on");
            }
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, false, brokerOverrides, List.of(),
                Integer.parseInt(ports.getProperty("broker")), Integer.parseInt(ports.getProperty("controller")));
        try {
            broker.server.startup();
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The address of an extra listener, by its name. */
    public String bootstrapServers(String listener) {
        return extraBootstrap.get(listener);
    }

    /** Starts a broker with listeners beside PLAINTEXT (TLS, SASL), e.g. to test client security settings. */
    public static EmbeddedKafkaBroker start(List<Listener> listeners, Map<String, String> brokerOverrides) throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory("synod-kafka-"), true, brokerOverrides, listeners);
        try {
            broker.server.startup();
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka broker not ready after " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (ownsDataDir) {
                Directories.deleteRecursively(dataDir);
            }
        }
    }
}
