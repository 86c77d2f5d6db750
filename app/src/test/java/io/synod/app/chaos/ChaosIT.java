package io.synod.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chaos run the suite can afford on every build: the stream apps in JVMs of their own, the
 * coordinator's killed with SIGKILL mid-load and restarted, and the verifier: one final decision
 * per proposal, equal to the fault-free replay of the same events, one PostgreSQL row per event.
 * The full fault list runs as {@code ./synod bench chaos} (docs/benchmarks.md).
 */
class ChaosIT {

    @Test
    void shouldDecideEveryProposalOnceAndAsTheFaultFreeReplayAcrossACoordinatorSigkill() throws Exception {
        Path dir = Files.createTempDirectory("synod-chaos-it-");

        ChaosRun.Result result = ChaosRun.run(ChaosSettings.suite(dir), System.err);

        assertThat(result.verdict().problems()).as("verifier findings (work dir %s)", dir).isEmpty();
        assertThat(result.faults()).extracting(ChaosFaults.Fault::name).containsExactly("SIGKILL coordinator");
        assertThat(result.proposals()).isPositive();
        assertThat(result.verdict().counts()).containsEntry("final_decisions", (long) result.proposals()).containsEntry("mismatches", 0L);
    }
}
