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
    void shouldVerifyWithAKeyDecodedOnceExactlyAsWithTheKeyItself() {
        Vote signed = VoteSignatures.sign(vote(), keys.getPrivate());
        VoteSignatures.Verifier verifier = VoteSignatures.verifier(keys.getPublic());

        assertThat(verifier.verify(signed)).isTrue();
        assertThat(verifier.verify(Vote.newBuilder(signed).setChoice("reject").build())).isFalse();
        assertThat(verifier.verify(Vote.newBuilder(signed).setSignature("not base64 !!").build())).isFalse();
        assertThat(verifier.verify(vote())).isFalse();
        assertThat(VoteSignatures.verifier(VoteSignatures.generate().getPublic()).verify(signed)).isFalse();
    }

    @Test
    void shouldRefuseAPublicKeyOfSmallOrder() throws Exception {
        // The curve's neutral point (y = 1): a valid encoding, of order one, so any signature would pass for it.
        byte[] neutral = new byte[32];
        neutral[0] = 1;
        byte[] x509 = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] encoded = java.util.Arrays.copyOf(x509, x509.length + 32);
        System.arraycopy(neutral, 0, encoded, x509.length, 32);
        java.security.PublicKey key = VoteSignatures.publicKey(java.util.Base64.getEncoder().encodeToString(encoded));

        assertThat(VoteSignatures.verifier(key)).isNull();
        assertThat(VoteSignatures.verify(VoteSignatures.sign(vote(), keys.getPrivate()), key)).isFalse();
    }

    @Test
    void shouldRefuseAnotherAgentsKeyAndGarbage() {
        Vote signed = VoteSignatures.sign(vote(), keys.getPrivate());

        assertThat(VoteSignatures.verify(signed, VoteSignatures.generate().getPublic())).isFalse();
        assertThat(VoteSignatures.verify(Vote.newBuilder(signed).setSignature("not base64 !!").build(), keys.getPublic())).isFalse();
        assertThat(VoteSignatures.verify(vote(), keys.getPublic())).isFalse();
    }

    @Test
    void shouldSignExactlyTheBytesTheJdkProviderSigns() throws Exception {
        // Ed25519 is deterministic: the fast path must give the provider's own signature, byte for byte.
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(keys.getPrivate());
        jdk.update(VoteSignatures.canonical(vote()));
        String expected = java.util.Base64.getEncoder().encodeToString(jdk.sign());

        assertThat(VoteSignatures.signer(keys.getPrivate()).sign(vote()).getSignature()).isEqualTo(expected);
        assertThat(VoteSignatures.sign(vote(), keys.getPrivate()).getSignature()).isEqualTo(expected);
    }

    @Test
    void shouldLeaveAKeyWhoseSeedCannotBeReadToItsProvider() {
        java.security.PrivateKey opaque = new java.security.PrivateKey() {
            @Override
            public String getAlgorithm() {
                return "Ed25519";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };

        // The JDK provider refuses a key it cannot read either: the failure names the vote, as before.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VoteSignatures.signer(opaque).sign(vote()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot sign vote e1");
    }

    @Test
    void shouldSignWithAKeyReadBackFromItsText() throws Exception {
        java.security.PrivateKey readBack = VoteSignatures.privateKey(VoteSignatures.encode(keys.getPrivate()));

        assertThat(VoteSignatures.verify(VoteSignatures.signer(readBack).sign(vote()), keys.getPublic())).isTrue();
    }

    @Test
    void shouldSignWithARawSeedAsWithTheKeyItHoldsAndRefuseASeedOfTheWrongLength() {
        byte[] seed = ((java.security.interfaces.EdECPrivateKey) keys.getPrivate()).getBytes().orElseThrow();
        VoteSignatures.Signer raw = VoteSignatures.signer(seed);

        assertThat(raw.sign(vote()).getSignature()).isEqualTo(VoteSignatures.signer(keys.getPrivate()).sign(vote()).getSignature());
        assertThat(VoteSignatures.verifier(keys.getPublic()).verify(raw.sign(vote()))).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VoteSignatures.signer(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
