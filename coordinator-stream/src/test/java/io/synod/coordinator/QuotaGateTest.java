package io.synod.coordinator;

import static io.synod.coordinator.CoordinatorFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.internal.Admission;
import io.synod.topics.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-tenant quota of open proposals, counted across every partition by the tenant-keyed gate. */
class QuotaGateTest {
    private static final List<String> THREE = List.of("a1", "a2", "a3");

    private static CoordinatorFixture withDefaultMaxOpen(int maxOpen) {
        return new CoordinatorFixture(SynodConfig.load(null, Map.of("SYNOD_TENANT_MAX_OPEN_PROPOSALS", String.valueOf(maxOpen))));
    }

    /** Proposes {@code proposal} to the three agents, who all approve 100 ms later: it is decided. */
    private static void proposeAndDecide(CoordinatorFixture given, String proposal, long atMs) {
        given.propose(proposal, THREE, null, atMs);
        THREE.forEach(agent -> given.vote(proposal, agent, 1, "approve", 1.0, atMs + 100));
        assertThat(given.achieved.readValue().getProposalId()).isEqualTo(proposal);
    }

    @Test
    void shouldRefuseAProposalBeyondTheTenantsQuotaOfOpenProposalsWithAClearReason() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.givenQuota("t", 2);

            given.propose("p1", THREE, null, 1_000L);
            given.propose("p2", THREE, null, 1_001L);
            given.propose("p3", THREE, null, 1_002L);

            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1", "p2");
            Rejection rejection = given.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo("quota_exceeded");
            assertThat(rejection.getProposalId()).isEqualTo("p3");
            assertThat(rejection.getDetail()).contains("2 open proposals").contains("quota of open proposals is 2");
        }
    }

    @Test
    void shouldFreeAPlaceInTheQuotaWhenAProposalIsDecided() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.givenQuota("t", 1);
            proposeAndDecide(given, "p1", 1_000L);

            given.propose("p2", THREE, null, 2_000L);

            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1", "p2");
            assertThat(given.rejected.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldRefuseAReusedIdWhileTheEndedProposalIsRememberedAndAdmitItOnceForgotten() {
        try (CoordinatorFixture given = new CoordinatorFixture(SynodConfig.defaults().with("consensus.ended.retention.ms", "60000"))) {
            given.givenAgents("a1", "a2", "a3");
            given.givenQuota("t", 5);
            proposeAndDecide(given, "p1", 1_000L);

            given.propose("p1", THREE, null, 50_000L);
            given.advanceWallClockTo(62_000L);
            given.propose("p1", THREE, null, 62_000L);

            assertThat(given.rejected.readValuesToList()).extracting(Rejection::getReason).containsExactly("duplicate_proposal");
            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getOpenedAtMs).containsExactly(1_000L, 62_000L);
        }
    }

    @Test
    void shouldKeepAnEscalatedProposalInTheQuotaUntilItIsArbitrated() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.givenQuota("t", 1);
            var escalate = policy().setMaxRounds(1).setFallback("escalate").setMinParticipants(1).build();
            given.propose("p1", THREE, escalate, 1_000L);
            given.vote("p1", "a1", 1, "approve", 1.0, 1_100L);
            given.vote("p1", "a2", 1, "reject", 1.0, 1_100L);
            given.vote("p1", "a3", 1, "reject", 0.5, 1_100L);
            assertThat(given.escalated.readValue().getStatus()).isEqualTo("escalated");

            given.propose("p2", THREE, null, 2_000L);

            assertThat(given.rejected.readValue().getReason()).isEqualTo("quota_exceeded");
        }
    }

    @Test
    void shouldNotCountARejectedOrDuplicateProposalAgainstTheQuota() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.givenQuota("t", 2);
            given.propose("p1", THREE, null, 1_000L);
            given.propose("p1", THREE, null, 1_001L);
            given.propose("bad", THREE, policy().setThreshold(0.4).build(), 1_002L);

            given.propose("p2", THREE, null, 1_003L);

            assertThat(given.rejected.readValuesToList()).extracting(Rejection::getReason)
                    .containsExactly("duplicate_proposal", "invalid_policy");
            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1", "p2");
        }
    }

    @Test
    void shouldApplyTheDeploymentDefaultUnlessTheTenantHasItsOwnQuota() {
        try (CoordinatorFixture given = withDefaultMaxOpen(1)) {
            given.givenAgents("a1", "a2", "a3");
            given.propose("p1", THREE, null, 1_000L);
            given.propose("p2", THREE, null, 1_001L);
            assertThat(given.rejected.readValue().getReason()).isEqualTo("quota_exceeded");

            given.givenQuota("t", 0);
            given.propose("p3", THREE, null, 1_002L);

            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1", "p3");
        }
    }

    @Test
    void shouldOpenAProposalOfATenantWithoutALimitWithoutTheDetourThroughTheGate() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            var admitted = given.driver.createOutputTopic(Topics.ADMITTED, given.topics.admitted.keySerde().deserializer(),
                    given.topics.admitted.valueSerde().deserializer());
            var admissions = given.driver.createOutputTopic(Topics.ADMISSIONS, given.topics.admissions.keySerde().deserializer(),
                    given.topics.admissions.valueSerde().deserializer());

            given.propose("p1", THREE, null, 1_000L);

            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1");
            assertThat(admitted.isEmpty()).as("nothing went through the gate").isTrue();
            Admission notice = admissions.readValue();
            assertThat(notice.getCountOnly()).isTrue();
            assertThat(notice.getProposal()).isNull();
            assertThat(notice.getProposalId()).isEqualTo("p1");
        }
    }

    @Test
    void shouldCountProposalsThatSkippedTheGateOnceALimitIsSetLater() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.propose("p1", THREE, null, 1_000L);
            given.propose("p1", THREE, null, 1_001L);
            given.propose("p2", THREE, null, 1_002L);
            assertThat(given.rejected.readValue().getReason()).as("the repeated p1").isEqualTo("duplicate_proposal");

            given.givenQuota("t", 2);
            given.propose("p3", THREE, null, 1_003L);

            Rejection rejection = given.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo("quota_exceeded");
            assertThat(rejection.getDetail()).contains("already has 2 open proposals");
            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1", "p2");
        }
    }

    @Test
    void shouldRefuseAStaleProposalOfATenantWithoutALimitAsTheGateWould() {
        try (CoordinatorFixture given = new CoordinatorFixture()) {
            given.givenAgents("a1", "a2", "a3");
            given.propose("p1", THREE, null, 10_000_000L);

            given.propose("old", THREE, null, 1_000L);

            Rejection rejection = given.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo("timestamp_out_of_range");
            assertThat(rejection.getProposalId()).isEqualTo("old");
            assertThat(given.rounds.readValuesToList()).extracting(RoundOpened::getProposalId).containsExactly("p1");
        }
    }
}
