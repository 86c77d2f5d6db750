package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldAttributeAStreamAppsThreadsProducersAndHeartbeatToTheApp() {
        String uuid = "3fb00bb0-e433-4a8b-b145-1d79d53562f8";

        assertThat(ThreadCpu.group("synod-detector-coordinator-" + uuid + "-StreamThread-1")).isEqualTo("app detector-coordinator");
        assertThat(ThreadCpu.group("synod-detector-coordinator-" + uuid + "-GlobalStreamThread")).isEqualTo("app detector-coordinator");
        assertThat(ThreadCpu.group("kafka-producer-network-thread | synod-reputation-" + uuid + "-StreamThread-2-producer"))
                .isEqualTo("app reputation");
        assertThat(ThreadCpu.group("kafka-coordinator-heartbeat-thread | synod-detector-coordinator")).isEqualTo("app detector-coordinator");
        assertThat(ThreadCpu.group("synod-ceiling-fused-" + uuid + "-StreamThread-1")).isEqualTo("app ceiling-fused");
        assertThat(ThreadCpu.group("kafka-admin-client-thread | synod-reputation-" + uuid + "-admin")).isEqualTo("app reputation");
    }

    @Test
    void shouldTellTheBrokerTheGeneratorTheMirrorAndTheObserversApart() {
        assertThat(ThreadCpu.group("data-plane-kafka-request-handler-3")).isEqualTo(ThreadCpu.BROKER);
        assertThat(ThreadCpu.group("data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0")).isEqualTo(ThreadCpu.BROKER);
        assertThat(ThreadCpu.group("AddPartitionsToTxnSenderThread-1")).isEqualTo(ThreadCpu.BROKER);
        assertThat(ThreadCpu.group("synod-bench-voter-0")).isEqualTo(ThreadCpu.GENERATOR);
        assertThat(ThreadCpu.group("kafka-producer-network-thread | synod-bench-votes-4")).isEqualTo(ThreadCpu.GENERATOR);
        assertThat(ThreadCpu.group("kafka-producer-network-thread | producer-4")).isEqualTo(ThreadCpu.OTHER_CLIENTS);
        assertThat(ThreadCpu.group("synod-postgres-mirror")).isEqualTo(ThreadCpu.MIRROR);
        assertThat(ThreadCpu.group("kafka-coordinator-heartbeat-thread | synod-postgres-mirror")).isEqualTo(ThreadCpu.MIRROR);
        assertThat(ThreadCpu.group("debezium-postgresconnector-synod-change-event-source-coordinator")).isEqualTo(ThreadCpu.REGISTRY_CDC);
        assertThat(ThreadCpu.group("synod-observer-synod-detector-metrics")).isEqualTo(ThreadCpu.METRICS);
        assertThat(ThreadCpu.group("kafka-coordinator-heartbeat-thread | synod-coordinator-metrics")).isEqualTo(ThreadCpu.METRICS);
    }

    @Test
    void shouldChargeAThreadsWorkInTheWindowToItsGroupAndTheRestOfTheProcessToTheJvm() throws Exception {
        long processStart = processCpuNs();
        ThreadCpu window = ThreadCpu.start();
        Thread voter = busyUntilInterrupted("synod-bench-voter-test");
        Thread.sleep(300);
        Map<String, Double> perVote = window.finish(processCpuNs() - processStart, 1_000);
        voter.interrupt();
        voter.join();

        // The voter spun for about 0.3 s, about 0.3 CPU ms for each of 1,000 votes, and started inside the window.
        assertThat(perVote.get(ThreadCpu.GENERATOR)).isGreaterThan(0.1);
        assertThat(perVote.get(ThreadCpu.JVM)).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void shouldReportNothingWithoutVotes() {
        assertThat(ThreadCpu.start().finish(1_000_000, 0)).isEmpty();
        assertThat(ThreadCpu.describe(Map.of())).contains("not measured");
    }

    private static Thread busyUntilInterrupted(String name) {
        Thread thread = new Thread(() -> {
            long x = 1;
            while (!Thread.currentThread().isInterrupted()) {
                x = x * 31 + Long.numberOfTrailingZeros(x);
            }
        }, name);
        thread.start();
        return thread;
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
