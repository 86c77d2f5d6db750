package io.synod.app.chaos;

import io.synod.schemas.AgentRegistration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The faults, each done for real to the running system while the load goes on, each timed: a
 * process killed with SIGKILL and started again, the broker restarted, PostgreSQL stopped and
 * started, the registry CDC killed while membership changes, one instance's state stores
 * corrupted on disk.
 */
final class ChaosFaults {
    private static final Duration READY = Duration.ofMinutes(3);

    /** What one fault did: when (ms into the load), how long the component was down, and a note. */
    record Fault(String name, long atMs, long downMs, long recoveredMs, String note) {
    }

    private final ChaosCluster cluster;
    private final LoadDriver load;
    private final ChaosWorkload workload;
    private final long loadStart;
    private final PrintStream progress;
    private final List<ChaosVerifier.MembershipChange> membership = new ArrayList<>();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());

    ChaosFaults(ChaosCluster cluster, LoadDriver load, ChaosWorkload workload, long loadStart, PrintStream progress) {
        this.cluster = cluster;
        this.load = load;
        this.workload = workload;
        this.loadStart = loadStart;
        this.progress = progress;
    }

    List<Fault> faults() {
        synchronized (faults) {
            return faults.stream().sorted(Comparator.comparingLong(Fault::atMs)).toList();
        }
    }

    List<ChaosVerifier.MembershipChange> membershipChanges() {
        return List.copyOf(membership);
    }

    private long now() {
        return System.currentTimeMillis() - loadStart;
    }

    private synchronized void note(Fault fault) {
        faults.add(fault);
        progress.printf("chaos: %-22s at %6.1f s: down %5.1f s, recovered after %5.1f s%s%n", fault.name(), fault.atMs() / 1e3,
                fault.downMs() / 1e3, fault.recoveredMs() / 1e3, fault.note().isEmpty() ? "" : " (" + fault.note() + ")");
    }

    /** SIGKILL the process running {@code app}, start it again at once, wait until it is ready. */
    void kill(String app) throws Exception {
        SynodProcess process = cluster.process(cluster.processRunning(app));
        long at = now();
        long start = System.nanoTime();
        process.kill();
        long down = System.nanoTime();
        process.start();
        process.awaitReady(READY);
        long ready = System.nanoTime();
        note(new Fault("SIGKILL " + process.name(), at, (ready - down) / 1_000_000, (ready - start) / 1_000_000, ""));
    }

    /** A controlled broker shutdown and a start on the same log; ready once every process is ready again. */
    void restartBroker() throws Exception {
        long at = now();
        long start = System.nanoTime();
        cluster.restartBroker();
        long up = System.nanoTime();
        for (SynodProcess process : cluster.processes()) {
            process.awaitReady(READY);
        }
        note(new Fault("broker restart", at, (up - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000, ""));
    }

    /** PostgreSQL stopped for {@code outage}, started again; recovered when the mirror has caught up with the decisions. */
    void postgresOutage(Duration outage) throws Exception {
        long at = now();
        long start = System.nanoTime();
        cluster.stopPostgres();
        Thread.sleep(outage.toMillis());
        cluster.startPostgres();
        long up = System.nanoTime();
        int decided = load.finalDecisions();
        long deadline = System.nanoTime() + READY.toNanos();
        long mirrored = 0;
        while (System.nanoTime() < deadline && (mirrored = mirroredDecisions()) < decided) {
            Thread.sleep(200);
        }
        // Only the parts that use PostgreSQL: other processes may be being restarted by a fault running alongside.
        for (SynodProcess process : cluster.processes()) {
            if (process.apps().contains("mirror") || process.apps().contains("cdc")) {
                process.awaitReady(READY);
            }
        }
        note(new Fault("PostgreSQL stopped", at, (up - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000,
                "mirror caught up with " + mirrored + " decisions"));
    }

    private long mirroredDecisions() {
        try (Connection connection = cluster.owner(); Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM decisions WHERE tenant LIKE 'chaos-%'")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    /**
     * SIGKILL the registry CDC, change membership in PostgreSQL while it is down (three agents join,
     * one leaves), start it again: recovered when agent.registry shows every change.
     */
    void killCdc() throws Exception {
        SynodProcess process = cluster.process(cluster.processRunning("cdc"));
        String tenant = workload.membershipTenant();
        long at = now();
        long start = System.nanoTime();
        load.membership(LoadDriver.Membership.CHANGING);
        process.kill();
        for (String agent : ChaosWorkload.JOINING) {
            cluster.sql("INSERT INTO agent_registry (tenant, agent_id) VALUES (?, ?)", tenant, agent);
            membership.add(new ChaosVerifier.MembershipChange(tenant, agent, true));
        }
        cluster.sql("UPDATE agent_registry SET active = false WHERE tenant = ? AND agent_id = ?", tenant, ChaosWorkload.LEAVING);
        membership.add(new ChaosVerifier.MembershipChange(tenant, ChaosWorkload.LEAVING, false));
        process.start();
        process.awaitReady(READY);
        long up = System.nanoTime();
        awaitOnRegistry(cluster, membership, READY);
        long arrived = System.nanoTime();
        for (ChaosVerifier.MembershipChange change : membership) {
            load.recordMembership(change.tenant(), change.agent(), change.active());
        }
        // The stream apps read agent.registry into global stores a moment later: let them before naming the agents.
        Thread.sleep(3_000);
        load.membership(LoadDriver.Membership.AFTER);
        note(new Fault("SIGKILL " + process.name(), at, (up - start) / 1_000_000, (arrived - start) / 1_000_000,
                membership.size() + " membership changes made while down, all on agent.registry"));
    }

    /** Waits until the last state of each changed agent on agent.registry is the changed one. */
    static void awaitOnRegistry(ChaosCluster cluster, List<ChaosVerifier.MembershipChange> changes, Duration timeout) {
        Properties props = new Properties();
        props.putAll(cluster.kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> pending = new TreeSet<>();
        changes.forEach(c -> pending.add(c.tenant() + "/" + c.agent() + "=" + c.active()));
        try (KafkaConsumer<String, AgentRegistration> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                cluster.topics().registry.valueSerde().deserializer())) {
            String topic = cluster.topics().registry.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AgentRegistration> record : consumer.poll(Duration.ofMillis(200))) {
                    pending.remove(record.key() + "=" + record.value().getActive());
                }
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("membership changes never reached agent.registry: " + pending);
        }
    }

    /**
     * SIGKILL the process running {@code app}, overwrite its RocksDB files with random bytes, start
     * it: recovered when it is ready again, its stores rebuilt from their changelog topics.
     */
    void corruptStores(String app) throws Exception {
        SynodProcess process = cluster.process(cluster.processRunning(app));
        Path state = cluster.stateDir(process.name()).resolve(app);
        long at = now();
        long start = System.nanoTime();
        process.kill();
        List<Path> files = StoreDamage.rocksDbFiles(state);
        long[] damaged = StoreDamage.corrupt(files, at);
        process.start();
        process.awaitReady(READY);
        long ready = System.nanoTime();
        note(new Fault("corrupt " + app + " stores", at, (ready - start) / 1_000_000, (ready - start) / 1_000_000,
                damaged[0] + " RocksDB files (" + damaged[1] / 1024 + " KiB) overwritten"));
    }

    /**
     * Fills the small disk under the process running {@code app} to the last byte for {@code full}
     * while the load goes on, then frees it: recovered when the process is ready again on its own,
     * or, when it is not within a minute, once restarted (what an orchestrator does on a failed
     * liveness check). Either way its stores are rebuilt from the changelog where they broke.
     */
    void fillDisk(String app, Duration full) throws Exception {
        SynodProcess process = cluster.process(cluster.processRunning(app));
        Path dir = cluster.stateDir(process.name());
        long at = now();
        long start = System.nanoTime();
        long bytes = SmallDisk.fill(dir);
        Thread.sleep(full.toMillis());
        boolean survived = process.isAlive();
        SmallDisk.free(dir);
        long freed = System.nanoTime();
        String how;
        try {
            process.awaitReady(Duration.ofMinutes(1));
            how = "ready again on its own";
        } catch (TimeoutException | IllegalStateException stuck) {
            process.kill();
            process.start();
            process.awaitReady(READY);
            how = "restarted, not ready a minute after the space was freed";
        }
        note(new Fault("disk full under " + app, at, (freed - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000,
                bytes / 1024 + " KiB filler; " + (survived ? "process alive while full; " : "process exited while full; ") + how));
    }
}
