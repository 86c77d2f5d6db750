package io.synod.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProposalStatusTest {
    private static final Proposal PROPOSAL = Proposal.newBuilder().setEventId("e").setTenant("t").setProposalId("p")
            .setOptions(List.of()).setProposedAtMs(1).build();
    private static final RoundOpened ROUND = RoundOpened.newBuilder().setTenant("t").setProposalId("p").setRound(1)
            .setOptions(List.of("approve", "reject")).setEligible(List.of("a")).setPolicy(new Policy())
            .setOpenedAtMs(1).setDeadlineMs(2).build();
    private static final Rejection DUPLICATE = Rejection.newBuilder().setTenant("t").setProposalId("p").setSource("proposal")
            .setReason("duplicate_proposal").setRejectedAtMs(3).build();

    private static Decision decision(String status) {
        return Decision.newBuilder().setEventId("d-" + status).setTenant("t").setProposalId("p").setStatus(status)
                .setSupport(1).setRound(1).setMode("weighted").setParticipants(1).setDistribution(Map.of())
                .setThreshold(0.67).setProposedAtMs(1).setDecidedAtMs(4).build();
    }

    @Test
    void shouldBePendingWhenOnlyTheProposalIsKnown() {
        assertThat(ProposalStatus.of("t", "p", PROPOSAL, null, null, null).state()).isEqualTo(ProposalStatus.State.PENDING);
    }

    @Test
    void shouldStayVotingWhenADuplicateOfItWasRejected() {
        assertThat(ProposalStatus.of("t", "p", PROPOSAL, ROUND, DUPLICATE, null).state()).isEqualTo(ProposalStatus.State.VOTING);
    }

    @Test
    void shouldBeRejectedWhenRefusedBeforeAnyRound() {
        assertThat(ProposalStatus.of("t", "p", PROPOSAL, null, DUPLICATE, null).state()).isEqualTo(ProposalStatus.State.REJECTED);
    }

    @Test
    void shouldBeEscalatedUntilAFinalDecisionArrives() {
        assertThat(ProposalStatus.of("t", "p", PROPOSAL, ROUND, null, decision("escalated")).state())
                .isEqualTo(ProposalStatus.State.ESCALATED);
        assertThat(ProposalStatus.of("t", "p", PROPOSAL, ROUND, null, decision("arbitrated")).state())
                .isEqualTo(ProposalStatus.State.CLOSED);
    }

    @Test
    void shouldKeepAFinalDecisionOverALaterEscalation() {
        assertThat(ProposalStatus.latest(decision("deadlock"), decision("escalated")).getStatus()).isEqualTo("deadlock");
        assertThat(ProposalStatus.latest(decision("escalated"), decision("arbitrated")).getStatus()).isEqualTo("arbitrated");
    }

    @Test
    void shouldBeUnknownWithNothing() {
        assertThat(ProposalStatus.of("t", "p", null, null, null, null).state()).isEqualTo(ProposalStatus.State.UNKNOWN);
    }
}
