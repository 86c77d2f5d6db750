package io.synod.app.chaos;

import io.synod.app.replay.Replay;
import io.synod.app.runtime.Directories;
import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One chaos run: the cluster and its processes, the load, the faults in order with normal load
 * between them, then the fault-free reference ({@code synod replay} of exactly the events the live
 * system received) and the verifier. The work directory is removed afterwards unless asked to keep
 * it, or the run failed (its logs and events file are then what to read).
 */
public final class ChaosRun {

    /** Everything a run measured and found. */
    public record Result(ChaosVerifier.Verdict verdict, List<ChaosFaults.Fault> faults, int proposals, int votes, long loadMs,
                         long longestPauseMs, long totalMs, Path workDir) {
        public boolean passed() {
            return verdict.passed();
        }
    }

    /** The app whose instance gets the full disk (the coordinator gets the corrupted stores). */
    private static final String DISK_FULL_APP = "detector";

    private ChaosRun() {
    }

    /** The bench run, or with {@code trimmed} its shorter version with overlapping faults ({@code --quick}). */
    public static Result run(boolean trimmed, Path workDir, boolean keepWorkDir, PrintStream progress) throws Exception {
        ChaosSettings settings = trimmed ? ChaosSettings.trimmed(workDir) : ChaosSettings.bench(workDir);
        return run(settings.keeping(keepWorkDir), progress);
    }

    static Result run(ChaosSettings settings, PrintStream progress) throws Exception {
        long started = System.nanoTime();
        Path workDir = settings.workDir();
        Files.createDirectories(workDir);
        ChaosWorkload workload = new ChaosWorkload(settings.seed(), settings.tenants(), settings.agentsPerTenant(), settings.participants());
        Result result;
        try (ChaosCluster cluster = ChaosCluster.start(workDir, settings.processes(), settings.synodSettings(), ChaosSettings.jvmOptions())) {
            List<ChaosVerifier.MembershipChange> initial = new ArrayList<>();
            for (String tenant : settings.tenants()) {
                for (String agent : workload.initialAgents(tenant)) {
                    cluster.sql("INSERT INTO agent_registry (tenant, agent_id) VALUES (?, ?)", tenant, agent);
                    initial.add(new ChaosVerifier.MembershipChange(tenant, agent, true));
                }
            }
            progress.printf("chaos: starting %d processes (%s) in %s%n", settings.processes().size(),
                    String.join(", ", settings.processes().keySet()), workDir);
            boolean smallDisk = settings.diskFull() && cluster.smallDisk(cluster.processRunning(DISK_FULL_APP), 48);
            if (settings.diskFull() && !smallDisk) {
                progress.println("chaos: this machine does not let us mount a tmpfs: the disk-full fault is skipped");
            }
            cluster.startProcesses(Duration.ofMinutes(4));
            Path events = workDir.resolve("events.jsonl");
            LoadDriver load = new LoadDriver(workload, cluster.topics(), cluster.kafka(), events, settings.proposalsPerSecond());
            ChaosFaults.awaitOnRegistry(cluster, initial, Duration.ofMinutes(2));
            Thread.sleep(2_000);
            initial.forEach(change -> load.recordMembership(change.tenant(), change.agent(), change.active()));
            long loadStart = System.nanoTime();
            load.start();
            ChaosFaults faults = new ChaosFaults(cluster, load, workload, System.currentTimeMillis(), progress);
            inject(smallDisk ? settings : settings.withoutDiskFull(), faults, load, progress);
            load.stopProposals();
            long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
            boolean allDecided = load.awaitAllDecided(Duration.ofMinutes(5));
            Map<String, ChaosWorkload.Proposal> sent = load.sent();
            int votes = load.votesSent();
            load.check();
            load.close();
            progress.printf("chaos: load done: %d proposals, %d votes in %.1f s%s; verifying against the fault-free replay%n",
                    sent.size(), votes, loadMs / 1e3, allDecided ? "" : " (NOT all decided)");
            Replay.Result reference = Replay.run(events, SynodConfig.defaults().with(settings.synodSettings()), lines -> { });
            Map<String, String> referenceLines = new LinkedHashMap<>();
            for (Decision decision : reference.results().decisions()) {
                referenceLines.put(Keys.of(decision.getTenant(), decision.getProposalId()), ChaosVerifier.line(decision));
            }
            List<ChaosVerifier.MembershipChange> changes = new ArrayList<>(initial);
            changes.addAll(faults.membershipChanges());
            ChaosVerifier.Verdict verdict = new ChaosVerifier(cluster, settings.tenants())
                    .verify(sent.keySet(), referenceLines, reference.results().rejections(), changes, Duration.ofMinutes(2));
            result = new Result(verdict, faults.faults(), sent.size(), votes, loadMs, load.longestPauseMs(),
                    (System.nanoTime() - started) / 1_000_000, workDir);
        }
        if (result.passed() && !settings.keepWorkDir()) {
            Directories.deleteRecursively(workDir);
        }
        return result;
    }

    private static void inject(ChaosSettings settings, ChaosFaults faults, LoadDriver load, PrintStream progress) throws Exception {
        Thread.sleep(settings.warmup().toMillis());
        if (settings.overlap()) {
            overlapping(settings, faults, load);
        } else {
            oneAfterAnother(settings, faults, load);
        }
        Thread.sleep(settings.tail().toMillis());
        progress.printf("chaos: faults done; %d proposals sent, %d decided so far%n", load.proposalsSent(), load.finalDecisions());
    }

    /** The kills three seconds apart while PostgreSQL is down; then the broker, the CDC and the store damage. */
    private static void overlapping(ChaosSettings settings, ChaosFaults faults, LoadDriver load) throws Exception {
        ExecutorService wave = Executors.newCachedThreadPool();
        try {
            List<Future<?>> running = new ArrayList<>();
            if (!settings.postgresOutage().isZero()) {
                running.add(wave.submit(() -> {
                    faults.postgresOutage(settings.postgresOutage());
                    return null;
                }));
            }
            for (int i = 0; i < settings.kills().size(); i++) {
                String app = settings.kills().get(i);
                long delay = 3_000L * i;
                running.add(wave.submit(() -> {
                    Thread.sleep(delay);
                    faults.kill(app);
                    return null;
                }));
            }
            for (Future<?> fault : running) {
                fault.get();
            }
        } finally {
            wave.shutdownNow();
        }
        pause(settings, load);
        oneAfterAnother(settings.withoutOutageAndKills(), faults, load);
    }

    private static void oneAfterAnother(ChaosSettings settings, ChaosFaults faults, LoadDriver load) throws Exception {
        for (String app : settings.kills()) {
            faults.kill(app);
            pause(settings, load);
        }
        if (settings.brokerRestart()) {
            faults.restartBroker();
            pause(settings, load);
        }
        if (!settings.postgresOutage().isZero()) {
            faults.postgresOutage(settings.postgresOutage());
            pause(settings, load);
        }
        if (settings.cdcKill()) {
            faults.killCdc();
            pause(settings, load);
        }
        if (settings.storeCorruption()) {
            faults.corruptStores("coordinator");
            pause(settings, load);
        }
        if (settings.diskFull()) {
            faults.fillDisk(DISK_FULL_APP, Duration.ofSeconds(15));
            pause(settings, load);
        }
    }

    private static void pause(ChaosSettings settings, LoadDriver load) throws InterruptedException {
        load.check();
        Thread.sleep(settings.gap().toMillis());
    }
}
