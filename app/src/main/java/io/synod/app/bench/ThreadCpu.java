package io.synod.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This JVM's CPU over a window split by what its threads work for, read from their names: each stream
 * application (its stream threads, their producers' I/O threads and heartbeats), the embedded broker,
 * the bench's load generator, the PostgreSQL mirror and registry CDC, the metrics observers. The
 * process total less every thread's is the JVM's own work (compiler, collector) plus threads that ended
 * within the window. An async profile of the seed test found the broker's threads using more CPU than
 * the vote path's stream threads; this puts that split in every run.
 */
final class ThreadCpu {
    static final String JVM = "jvm (compiler, gc, ended threads)";
    static final String BROKER = "broker";
    static final String GENERATOR = "generator";
    static final String MIRROR = "mirror";
    static final String REGISTRY_CDC = "registry cdc";
    static final String METRICS = "metrics";
    static final String OTHER_CLIENTS = "other clients";

    /** A client's I/O, heartbeat or admin thread names the client (its id, or its group's). */
    private static final Pattern CLIENT = Pattern.compile("^kafka-(?:producer-network|coordinator-heartbeat|admin-client)-thread \\| (.+)$");
    /** A stream app's threads and clients are named by its application id, then the instance's UUID. */
    private static final Pattern STREAM_APP = Pattern.compile("^(.+?)-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}-");
    private static final String APP_PREFIX = "synod-";

    private final Map<Long, Long> startCpuNs;

    private ThreadCpu(Map<Long, Long> startCpuNs) {
        this.startCpuNs = startCpuNs;
    }

    static ThreadCpu start() {
        Map<Long, Long> cpu = new HashMap<>();
        ThreadMXBean threads = threads();
        if (threads != null) {
            for (long id : threads.getAllThreadIds()) {
                long ns = threads.getThreadCpuTime(id);
                if (ns >= 0) {
                    cpu.put(id, ns);
                }
            }
        }
        return new ThreadCpu(cpu);
    }

    /**
     * CPU ms per vote by group over the window, largest first, with the process's remainder under {@link #JVM};
     * empty when the JVM cannot time its threads or no vote was counted.
     */
    Map<String, Double> finish(long processCpuNs, double votes) {
        ThreadMXBean threads = threads();
        if (threads == null || votes <= 0 || processCpuNs < 0) {
            return Map.of();
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> byGroup = new HashMap<>();
        long counted = 0;
        for (int i = 0; i < ids.length; i++) {
            long now = threads.getThreadCpuTime(ids[i]);
            if (now < 0 || infos[i] == null) {
                continue;
            }
            // A thread started within the window has spent all of its CPU in it.
            long spent = Math.max(0, now - startCpuNs.getOrDefault(ids[i], 0L));
            byGroup.merge(group(infos[i].getThreadName()), spent, Long::sum);
            counted += spent;
        }
        byGroup.merge(JVM, Math.max(0, processCpuNs - counted), Long::sum);
        Map<String, Double> perVote = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> perVote.put(e.getKey(), e.getValue() / 1e6 / votes));
        return perVote;
    }

    /**
     * What a thread works for, from its name. The generator's threads and clients are named synod-bench-*; a client
     * left with Kafka's default id (producer-N: the gateway's, the webhooks', the CDC's producer) is one of the other clients.
     */
    static String group(String name) {
        Matcher client = CLIENT.matcher(name);
        boolean isClient = client.matches();
        String owner = isClient ? client.group(1) : name;
        Matcher app = STREAM_APP.matcher(owner);
        if (app.find()) {
            return appName(app.group(1));
        }
        if (owner.startsWith("synod-bench-")) {
            return GENERATOR;
        }
        if (owner.matches("(?:producer|consumer)-\\d+")) {
            return OTHER_CLIENTS;
        }
        if (owner.startsWith("synod-postgres-mirror")) {
            return MIRROR;
        }
        if (owner.startsWith("debezium")) {
            return REGISTRY_CDC;
        }
        // The observers' threads and consumer groups (prefix-detector-metrics and the like), and Micrometer's binder.
        if (owner.startsWith("synod-observer-") || owner.startsWith("synod-kafka-metrics") || owner.startsWith("metrics-meter-tick")
                || isClient && owner.endsWith("-metrics")) {
            return METRICS;
        }
        if (isClient) {
            // A stream app's consumer group (its id is the application id), or another named client.
            return owner.startsWith(APP_PREFIX) ? appName(owner) : OTHER_CLIENTS;
        }
        // Everything else with a name is the embedded broker's (request handlers, network, raft, coordinators, purgatories).
        return BROKER;
    }

    private static String appName(String applicationId) {
        return "app " + (applicationId.startsWith(APP_PREFIX) ? applicationId.substring(APP_PREFIX.length()) : applicationId);
    }

    /** The groups as one line, e.g. {@code broker 0.78, app detector-coordinator 0.62, ...}. */
    static String describe(Map<String, Double> perVote) {
        List<String> parts = perVote.entrySet().stream().map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).toList();
        return parts.isEmpty() ? "not measured (the JVM cannot time its threads)" : String.join(", ", parts) + " CPU ms per vote";
    }

    private static ThreadMXBean threads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return null;
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return threads;
    }
}
