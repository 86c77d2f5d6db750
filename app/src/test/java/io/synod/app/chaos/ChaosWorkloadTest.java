package io.synod.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.replay.Replay;
import io.synod.app.runtime.Directories;
import io.synod.config.SynodConfig;
import io.synod.schemas.Decision;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos run compares the live system with the replay of its input; that comparison only means
 * something when the input's decisions are a function of the votes alone, which these check.
 */
class ChaosWorkloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChaosWorkload workload = new ChaosWorkload(7, List.of("chaos-a", "chaos-b"), 10, 5);
    private Path dir;

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory("synod-chaos-workload-");
    }

    @AfterEach
    void removeDir() {
        Directories.deleteRecursively(dir);
    }

    /** The events a fault-free live run would record: registrations, then proposals each followed by all its votes. */
    private Path events(int proposals) throws Exception {
        Path file = dir.resolve("events.jsonl");
        long ts = 1_000_000L;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (String tenant : workload.tenants()) {
                for (String agent : workload.initialAgents(tenant)) {
                    write(out, ChaosWorkload.agentLine(tenant, agent, true, ts));
                }
            }
            for (int i = 0; i < proposals; i++) {
                boolean joined = i >= proposals / 2;
                if (i == proposals / 2) {
                    for (String agent : ChaosWorkload.JOINING) {
                        write(out, ChaosWorkload.agentLine(workload.membershipTenant(), agent, true, ts));
                    }
                    write(out, ChaosWorkload.agentLine(workload.membershipTenant(), ChaosWorkload.LEAVING, false, ts));
                }
                ChaosWorkload.Proposal proposal = workload.proposal(i, joined);
                write(out, ChaosWorkload.proposalLine(proposal, ts += 150));
                for (String agent : proposal.participants()) {
                    write(out, ChaosWorkload.voteLine(proposal, workload.vote(proposal, agent), ts += 7));
                }
            }
        }
        return file;
    }

    private static void write(BufferedWriter out, Object line) throws Exception {
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
    }

    @Test
    void shouldLeaveEveryHonestAgentUnflaggedSoDecisionsDependOnTheVotesAlone() throws Exception {
        Replay.Result result = Replay.run(events(1_500), SynodConfig.defaults().with(ChaosSettings.bench(dir).synodSettings()), n -> { });

        List<Decision> decisions = result.results().decisions();
        assertThat(decisions).hasSize(1_500);
        assertThat(decisions).allSatisfy(d -> assertThat(d.getFlagged()).as(d.getProposalId()).isEmpty());
        assertThat(decisions).extracting(Decision::getStatus).isSubsetOf("achieved", "fallback", "deadlock");
        assertThat(result.results().rejections()).as("only the departed agent's votes").containsOnlyKeys("unregistered_agent");
    }

    @Test
    void shouldGiveTheSameProposalAndVotesForTheSameSeed() {
        ChaosWorkload again = new ChaosWorkload(7, List.of("chaos-a", "chaos-b"), 10, 5);

        ChaosWorkload.Proposal proposal = workload.proposal(42, true);
        assertThat(again.proposal(42, true)).isEqualTo(proposal);
        assertThat(again.vote(proposal, "w03")).isEqualTo(workload.vote(proposal, "w03"));
    }
}
