package io.synod.app.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.events.VoteSignatures;
import io.synod.examples.ExampleAgent;
import io.synod.schemas.Decision;
import io.synod.sdk.AgentRunner;
import io.synod.sdk.AgentVote;
import io.synod.sdk.ProposalRejectedException;
import io.synod.sdk.ProposalRequest;
import io.synod.sdk.ProposalStatus;
import io.synod.sdk.SubscribeOptions;
import io.synod.sdk.Subscription;
import io.synod.sdk.SynodClient;
import io.synod.testsupport.SharedSynod;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK's two sides against the embedded broker: SynodClient proposes, AgentRunners vote. */
class SynodSdkIT {
    private static final String TENANT = "sdk";
    private static final List<String> AGENTS = List.of("s1", "s2", "s3");
    private static SharedSynod synod;
    private static SynodClient client;
    private static final List<AgentRunner> runners = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startAgents() throws Exception {
        synod = SharedSynod.get();
        KeyPair s1Keys = VoteSignatures.generate();
        synod.registerAndAwait(TENANT, AGENTS, Map.of("s1", VoteSignatures.encode(s1Keys.getPublic())));
        // s1 must sign (it is registered with a key); s3 disagrees at first and is persuaded in a revote.
        runners.add(AgentRunner.builder(TENANT, "s1", new ExampleAgent("s1", "approve", "The release notes list every fix and the tests pass.")).kafka(synod.kafka())
                .signingKey(s1Keys.getPrivate()).build().start());
        runners.add(AgentRunner.builder(TENANT, "s2", new ExampleAgent("s2", "approve", "Reviewed the diff myself; no regressions found in staging.")).kafka(synod.kafka()).build().start());
        runners.add(AgentRunner.builder(TENANT, "s3", new ExampleAgent("s3", "reject", "Too risky before the holiday freeze, wait a week.")).kafka(synod.kafka()).build().start());
        client = SynodClient.connect(synod.kafka());
    }

    @AfterAll
    static void stopAgents() {
        runners.forEach(AgentRunner::close);
        if (client != null) {
            client.close();
        }
    }

    @Test
    void shouldCompleteTheFutureWithTheDecisionOfSignedAgentVotes() throws Exception {
        Decision decision = client.propose(ProposalRequest.builder().tenant(TENANT).id("sdk-1").text("Ship it?")
                .participants("s1", "s2").minParticipants(2).build()).get(60, TimeUnit.SECONDS);

        assertThat(decision.getStatus()).isEqualTo("achieved");
        assertThat(decision.getDecision()).isEqualTo("approve");
        assertThat(decision.getParticipants()).isEqualTo(2);
    }

    @Test
    void shouldDecideInARevoteWhenTheAgentReadsThePreviousBallots() throws Exception {
        Decision decision = client.propose(ProposalRequest.builder().tenant(TENANT).id("sdk-revote").text("Merge?")
                .participants(AGENTS).mode("unanimous").maxRounds(3).roundTimeoutMs(20_000).build())
                .get(90, TimeUnit.SECONDS);

        assertThat(decision.getStatus()).as("%s", decision).isEqualTo("achieved");
        assertThat(decision.getRound()).isEqualTo(2);
        assertThat(decision.getDistribution()).containsEntry("approve", 1.0);
    }

    @Test
    void shouldFailTheFutureWhenTheCoordinatorRejectsTheProposal() {
        var future = client.propose(ProposalRequest.builder().tenant(TENANT).id("sdk-bad").threshold(0.3).build());

        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ProposalRejectedException.class)
                .extracting(e -> ((ProposalRejectedException) e).reason()).isEqualTo("invalid_policy");
    }

    @Test
    void shouldFindADecisionItDidNotSeeLive() throws Exception {
        client.propose(ProposalRequest.builder().tenant(TENANT).id("sdk-lookup").participants("s1", "s2").minParticipants(2).build())
                .get(60, TimeUnit.SECONDS);

        try (SynodClient later = SynodClient.connect(synod.kafka())) {
            assertThat(later.decision(TENANT, "sdk-lookup")).map(Decision::getDecision).contains("approve");
            assertThat(later.awaitDecision(TENANT, "sdk-lookup").get(30, TimeUnit.SECONDS).getStatus()).isEqualTo("achieved");
            ProposalStatus status = later.status(TENANT, "sdk-lookup");
            assertThat(status.state()).isEqualTo(ProposalStatus.State.CLOSED);
            assertThat(status.proposal().getParticipants()).containsExactly("s1", "s2");
            assertThat(later.status(TENANT, "never-proposed").state()).isEqualTo(ProposalStatus.State.UNKNOWN);
        }
    }

    @Test
    void shouldHandSubscribersOnlyTheirTenantsDecisions() throws Exception {
        List<Decision> seen = new CopyOnWriteArrayList<>();
        try (Subscription subscription = client.subscribe(SubscribeOptions.live().forTenant(TENANT).finalDecisionsOnly(), seen::add)) {
            client.propose(ProposalRequest.builder().tenant("sdk-other").id("elsewhere").build()).get(60, TimeUnit.SECONDS);
            client.propose(ProposalRequest.builder().tenant(TENANT).id("sdk-sub").participants("s1", "s2").minParticipants(2).build())
                    .get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // Other tests' decisions of the same tenant (e.g. readiness probes) may arrive first: wait for this one.
            while (seen.stream().noneMatch(d -> "sdk-sub".equals(d.getProposalId())) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(subscription.delivered()).isPositive();
        }
        assertThat(seen).extracting(Decision::getTenant).containsOnly(TENANT);
        assertThat(seen).extracting(Decision::getProposalId).contains("sdk-sub").doesNotContain("elsewhere");
    }

    @Test
    void shouldRejectAnInvalidVoteAtConstruction() {
        assertThatThrownBy(() -> AgentVote.of("approve", 1.5, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
