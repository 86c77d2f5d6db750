package io.synod.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one chaos run does: the load, the process layout, and which faults it injects in order.
 * {@link #bench} is {@code ./synod bench chaos}, one fault after the other; {@link #trimmed}
 * ({@code --quick}) the same faults with a shorter database outage, less load, and faults that
 * overlap (three kills a few seconds apart during the outage); {@link #suite} the one-kill run the
 * test suite does on every build.
 */
record ChaosSettings(long seed, double proposalsPerSecond, int agentsPerTenant, int participants, List<String> tenants,
                     List<String> kills, Duration postgresOutage, boolean brokerRestart, boolean cdcKill, boolean storeCorruption,
                     boolean diskFull, boolean overlap, Duration warmup, Duration gap, Duration tail, Path workDir, boolean keepWorkDir,
                     Map<String, String> processes) {

    /** One JVM per app, as docker compose runs them (decision 0023). */
    static final Map<String, String> PROCESSES = orderedOf(
            "detector", "detector", "coordinator", "coordinator", "reputation", "reputation", "mirror", "mirror", "cdc", "cdc");

    /** Two JVMs for the test suite's run: the coordinator, which it kills, and everything else (fewer JVMs to start). */
    static final Map<String, String> SUITE_PROCESSES = orderedOf("coordinator", "coordinator", "others", "detector,reputation,mirror,cdc");

    static ChaosSettings bench(Path workDir) {
        return new ChaosSettings(7, 5, 10, 5, List.of("chaos-a", "chaos-b"), List.of("coordinator", "detector", "reputation"),
                Duration.ofSeconds(30), true, true, true, true, false, Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(10),
                workDir, false, PROCESSES);
    }

    static ChaosSettings trimmed(Path workDir) {
        return new ChaosSettings(11, 2, 8, 4, List.of("chaos-a", "chaos-b"), List.of("coordinator", "detector", "reputation"),
                Duration.ofSeconds(8), true, true, true, false, true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(3),
                workDir, false, PROCESSES);
    }

    /**
     * What the test suite runs on every build, within a minute of load and recovery: one SIGKILL of
     * the coordinator mid-load, restarted, and the verifier. The other faults are the bench's and
     * {@link #trimmed}'s; state-store corruption also has StateStoreRecoveryIT of its own.
     */
    static ChaosSettings suite(Path workDir) {
        return new ChaosSettings(13, 2, 6, 4, List.of("chaos-a", "chaos-b"), List.of("coordinator"), Duration.ZERO, false, false, false,
                false, false, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(2), workDir, false, SUITE_PROCESSES);
    }

    ChaosSettings keeping(boolean keep) {
        return new ChaosSettings(seed, proposalsPerSecond, agentsPerTenant, participants, tenants, kills, postgresOutage, brokerRestart,
                cdcKill, storeCorruption, diskFull, overlap, warmup, gap, tail, workDir, keep, processes);
    }

    /** The same run without the database outage and the kills (done already, overlapping). */
    ChaosSettings withoutOutageAndKills() {
        return new ChaosSettings(seed, proposalsPerSecond, agentsPerTenant, participants, tenants, List.of(), Duration.ZERO, brokerRestart,
                cdcKill, storeCorruption, diskFull, false, warmup, gap, tail, workDir, keepWorkDir, processes);
    }

    ChaosSettings withoutDiskFull() {
        return new ChaosSettings(seed, proposalsPerSecond, agentsPerTenant, participants, tenants, kills, postgresOutage, brokerRestart,
                cdcKill, storeCorruption, false, overlap, warmup, gap, tail, workDir, keepWorkDir, processes);
    }

    /** The configuration every process and the reference replay share. */
    Map<String, String> synodSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("topics.partitions", "3");
        settings.put("streams.application.id.prefix", "synod-chaos");
        // The embedding side path is asynchronous by design (decision 0011): what it feeds back into later
        // suspicion depends on timing, so the reference could not be exact. Chaos runs go without it.
        settings.put("detector.embeddings.enabled", "false");
        // A killed member leaves its consumer group after the session timeout: keep that short.
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1500");
        return settings;
    }

    static List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
