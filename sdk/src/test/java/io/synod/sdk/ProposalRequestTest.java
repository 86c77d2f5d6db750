package io.synod.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Proposal;
import org.junit.jupiter.api.Test;

class ProposalRequestTest {

    @Test
    void shouldLeaveThePolicyToTheDeploymentWhenNoFieldIsSet() {
        Proposal proposal = ProposalRequest.builder().tenant("t").id("p").build().toProposal("e", 5);

        assertThat(proposal.getPolicy()).isNull();
        assertThat(proposal.getParticipants()).isNull();
        assertThat(proposal.getOptions()).isEmpty();
    }

    @Test
    void shouldCarryOnlyThePolicyFieldsThatWereSet() {
        Proposal proposal = ProposalRequest.builder().tenant("t").id("p").threshold(0.8).maxRounds(2).build().toProposal("e", 5);

        assertThat(proposal.getPolicy().getThreshold()).isEqualTo(0.8);
        assertThat(proposal.getPolicy().getMaxRounds()).isEqualTo(2);
        assertThat(proposal.getPolicy().getMode()).isNull();
    }

    @Test
    void shouldGenerateAnIdWhenNoneIsGiven() {
        assertThat(ProposalRequest.builder().build().proposalId()).startsWith("p-");
    }
}
