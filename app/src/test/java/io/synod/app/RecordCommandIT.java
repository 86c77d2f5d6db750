package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.replay.Replay;
import io.synod.config.SynodConfig;
import io.synod.events.VoteSignatures;
import io.synod.examples.ExampleAgent;
import io.synod.schemas.Decision;
import io.synod.sdk.AgentRunner;
import io.synod.sdk.ProposalRequest;
import io.synod.sdk.SynodClient;
import io.synod.testsupport.SharedSynod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live traffic recorded with `synod record` replays to the decisions the live system made. */
class RecordCommandIT {
    private static final String TENANT = "recorded";
    private static final List<String> AGENTS = List.of("r1", "r2", "r3");

    @TempDir
    Path dir;

    @Test
    void shouldRecordLiveTrafficThatReplaysToTheLiveDecisions() throws Exception {
        SharedSynod synod = SharedSynod.get();
        KeyPair r1Keys = VoteSignatures.generate();
        synod.registerAndAwait(TENANT, AGENTS, Map.of("r1", VoteSignatures.encode(r1Keys.getPublic())));
        List<AgentRunner> runners = List.of(
                AgentRunner.builder(TENANT, "r1", new ExampleAgent("r1", "approve", "The figures match the filing.")).kafka(synod.kafka())
                        .signingKey(r1Keys.getPrivate()).build().start(),
                AgentRunner.builder(TENANT, "r2", new ExampleAgent("r2", "approve", "Checked the source twice.")).kafka(synod.kafka()).build().start(),
                AgentRunner.builder(TENANT, "r3", new ExampleAgent("r3", "reject", "The second source contradicts it.")).kafka(synod.kafka())
                        .build().start());
        List<Decision> live = new ArrayList<>();
        try (SynodClient client = SynodClient.connect(synod.kafka())) {
            for (int i = 1; i <= 3; i++) {
                live.add(client.propose(ProposalRequest.builder().tenant(TENANT).id("claim-" + i).text("Is claim " + i + " supported?")
                        .participants(AGENTS).minParticipants(3).build()).get(60, TimeUnit.SECONDS));
            }
        } finally {
            runners.forEach(AgentRunner::close);
        }
        Path events = dir.resolve("events.jsonl.gz");
        Path config = Files.writeString(dir.resolve("cluster.properties"),
                "kafka.bootstrap.servers=" + synod.config().get("kafka.bootstrap.servers") + "\n");

        String[] args = {"record", "--tenant", TENANT, "--out", events.toString(), "--config", config.toString()};
        assertThat(SynodCli.commandLine(args).execute(args)).isZero();

        Replay.Result replayed = Replay.run(events, SynodConfig.defaults(), lines -> { });
        Map<String, Decision> byId = replayed.results().decisions().stream()
                .collect(Collectors.toMap(Decision::getProposalId, Function.identity(), (a, b) -> b));
        assertThat(replayed.results().rejections()).as("every recorded vote counts again").isEmpty();
        for (Decision decision : live) {
            Decision again = byId.get(decision.getProposalId());
            assertThat(again).as(decision.getProposalId()).isNotNull();
            assertThat(again.getStatus()).isEqualTo(decision.getStatus());
            assertThat(again.getDecision()).isEqualTo("approve").isEqualTo(decision.getDecision());
            assertThat(again.getParticipants()).isEqualTo(3);
            assertThat(again.getBallots()).extracting(b -> b.getAgentId()).containsExactlyInAnyOrderElementsOf(AGENTS);
        }
    }
}
