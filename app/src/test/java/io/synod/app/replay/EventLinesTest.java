package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.events.VoteSignatures;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import java.security.KeyPair;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Property: a line written from a live event parses back into that event. */
class EventLinesTest {

    private static SpecificRecord parsed(String line) {
        ReplayEvent event = new EventParser().parse(line, 1);
        assertThat(event.isValid()).as("%s: %s", line, event.detail()).isTrue();
        return event.value();
    }

    @Test
    void shouldWriteASignedVoteThatParsesBackAndStillVerifies() {
        KeyPair keys = VoteSignatures.generate();
        Vote vote = Vote.newBuilder().setEventId("acme/p1/w1/7f3a").setTenant("acme").setProposalId("p1").setAgentId("w1").setRound(2)
                .setChoice("reject").setConfidence(0.8125).setJustification("Two sources disagree, \"quoted\"\nand a new line.")
                .setCastAtMs(1_733_500_000_123L).build();
        Vote signed = VoteSignatures.sign(vote, keys.getPrivate());

        Vote back = (Vote) parsed(EventLines.vote(signed));

        assertThat(back.getSignature()).isNotBlank();
        assertThat(back).isEqualTo(signed);
        assertThat(VoteSignatures.verify(back, keys.getPublic())).isTrue();
    }

    @Test
    void shouldLeaveOutAVotesAbsentRoundAndSignatureSoTheDefaultsApply() {
        Vote vote = Vote.newBuilder().setEventId("e1").setTenant("default").setProposalId("p1").setAgentId("w1").setChoice("approve")
                .setConfidence(1.0).setJustification("").setCastAtMs(5).build();

        String line = EventLines.vote(vote);

        assertThat(line).doesNotContain("round").doesNotContain("signature");
        assertThat(parsed(line)).isEqualTo(vote);
    }

    @Test
    void shouldWriteAProposalWithEveryPolicyFieldThatParsesBack() {
        Policy policy = Policy.newBuilder().setThreshold(0.75).setMaxRounds(4).setMinParticipants(2).setRoundTimeoutMs(45_000L)
                .setMode("supermajority").setFallback("escalate").setFallbackAfterRounds(2).setQuorum(3).setQuorumFraction(0.5)
                .setExpiresAtMs(1_800_000_000_000L).setRequireTrusted(true).build();
        Proposal proposal = Proposal.newBuilder().setEventId("acme/p9").setTenant("acme").setProposalId("p9").setText("Ship?")
                .setOptions(List.of("ship", "hold", "revise")).setParticipants(List.of("w1", "w2")).setPolicy(policy)
                .setProposedAtMs(1_000).build();

        assertThat(parsed(EventLines.proposal(proposal))).isEqualTo(proposal);
    }

    @Test
    void shouldWriteAProposalWithoutPolicyParticipantsOrOptionsThatParsesBack() {
        Proposal proposal = Proposal.newBuilder().setEventId("default/p1").setTenant("default").setProposalId("p1").setText("")
                .setOptions(List.of()).setParticipants(null).setPolicy(null).setProposedAtMs(7).build();

        String line = EventLines.proposal(proposal);

        assertThat(line).doesNotContain("policy").doesNotContain("participants").doesNotContain("options");
        assertThat(parsed(line)).isEqualTo(proposal);
    }

    @Test
    void shouldWriteRegistrationsOutcomesAndArbitrationsThatParseBack() {
        AgentRegistration agent = AgentRegistration.newBuilder().setTenant("acme").setAgentId("w7").setKind("oracle").setActive(false)
                .setTrusted(true).setPublicKey("MCowBQYDK2VwAyEA").setUpdatedAtMs(42).build();
        Outcome outcome = Outcome.newBuilder().setTenant("acme").setProposalId("p1").setTruth("reject").setSource("audit")
                .setObservedAtMs(90_000).build();
        Arbitration arbitration = Arbitration.newBuilder().setTenant("acme").setProposalId("p2").setDecision("approve")
                .setArbiter("reviewer-1").setReason("policy").setDecidedAtMs(95_000).build();

        assertThat(parsed(EventLines.agent(agent, 42))).isEqualTo(agent);
        assertThat(parsed(EventLines.outcome(outcome))).isEqualTo(outcome);
        assertThat(parsed(EventLines.arbitration(arbitration))).isEqualTo(arbitration);
    }
}
