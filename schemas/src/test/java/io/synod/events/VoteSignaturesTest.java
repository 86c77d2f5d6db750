package io.synod.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Vote;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class VoteSignaturesTest {
    private final KeyPair keys = VoteSignatures.generate();

    private static Vote vote() {
        return Vote.newBuilder().setEventId("e1").setTenant("t").setProposalId("p").setAgentId("a").setRound(2)
                .setChoice("approve").setConfidence(0.8).setJustification("two sources agree").setCastAtMs(5L).build();
    }

    @Test
    void shouldVerifyAVoteSignedWithTheMatchingKey() throws Exception {
        Vote signed = VoteSignatures.sign(vote(), keys.getPrivate());

        assertThat(VoteSignatures.verify(signed, VoteSignatures.publicKey(VoteSignatures.encode(keys.getPublic())))).isTrue();
    }

    @Test
    void shouldRefuseASignatureMovedToAnotherChoiceRoundOrJustification() {
        Vote signed = VoteSignatures.sign(vote(), keys.getPrivate());

        assertThat(VoteSignatures.verify(Vote.newBuilder(signed).setChoice("reject").build(), keys.getPublic())).isFalse();
        assertThat(VoteSignatures.verify(Vote.newBuilder(signed).setRound(3).build(), keys.getPublic())).isFalse();
        assertThat(VoteSignatures.verify(Vote.newBuilder(signed).setJustification("one source").build(), keys.getPublic())).isFalse();
    }

    @Test
    void shouldRefuseAnotherAgentsKeyAndGarbage() {
        Vote signed = VoteSignatures.sign(vote(), keys.getPrivate());

        assertThat(VoteSignatures.verify(signed, VoteSignatures.generate().getPublic())).isFalse();
        assertThat(VoteSignatures.verify(Vote.newBuilder(signed).setSignature("not base64 !!").build(), keys.getPublic())).isFalse();
        assertThat(VoteSignatures.verify(vote(), keys.getPublic())).isFalse();
    }
}
