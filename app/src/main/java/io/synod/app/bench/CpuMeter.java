package io.synod.app.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * CPU this JVM (broker, stream apps, generator: everything but PostgreSQL and other processes)
 * used during a window, and the machine's load average, so a phase on a busy machine can be told
 * apart: CPU time per vote varies much less with contention than votes per second do.
 */
record CpuMeter(long startNs, long startCpuNs, double startLoad, ThreadCpu threads) {

    /**
     * What a window cost: cores of this JVM busy on average, its CPU ms per vote, the load average at its end, and the
     * CPU ms per vote by what the threads work for ({@link ThreadCpu}).
     */
    record Usage(double cores, double cpuMsPerVote, double loadBefore, double loadAfter, Map<String, Double> byThreads) {
        String describe() {
            return String.format("%.2f cores, %.2f CPU ms per vote, load average %.1f -> %.1f", cores, cpuMsPerVote, loadBefore, loadAfter);
        }
    }

    static CpuMeter start() {
        return new CpuMeter(System.nanoTime(), cpuNanos(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), ThreadCpu.start());
    }

    Usage finish(double votes) {
        double wallNs = System.nanoTime() - startNs;
        long cpuNs = cpuNanos() - startCpuNs;
        return new Usage(cpuNs / wallNs, votes <= 0 ? Double.NaN : cpuNs / 1e6 / votes, startLoad,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads.finish(startCpuNs < 0 ? -1 : cpuNs, votes));
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
