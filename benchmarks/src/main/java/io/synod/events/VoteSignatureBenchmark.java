package io.synod.events;

import io.synod.schemas.Vote;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What identity costs per vote (issue 7): checking a signed vote as the detector does (Bouncy Castle, the
 * agent's key decoded once), the same check through the JDK's own Ed25519 provider as the baseline it was
 * chosen over, and signing, which every agent pays once per vote, with the same two. At
 * saturation the check is the largest single piece of the vote path's stream threads (issue 9).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod")
public class VoteSignatureBenchmark {
    private KeyPair keys;
    private Vote unsigned;
    private Vote signed;
    private byte[] canonical;
    private byte[] signature;
    private VoteSignatures.Verifier verifier;
    private Ed25519.PublicPoint point;
    private Signature jdkVerifier;
    private Signature jdkSigner;
    private VoteSignatures.Signer signer;

    @Setup(Level.Trial)
    public void vote() throws GeneralSecurityException {
        keys = VoteSignatures.generate();
        unsigned = Vote.newBuilder().setEventId("bench/p-123/agent-00042").setTenant("bench").setProposalId("p-123").setAgentId("agent-00042")
                .setRound(1).setChoice("approve").setConfidence(0.83)
                .setJustification("The filing matches the registry entry of the same date and the auditor signed it.")
                .setCastAtMs(1_700_000_000_000L).build();
        signed = VoteSignatures.sign(unsigned, keys.getPrivate());
        canonical = VoteSignatures.canonical(signed);
        signature = Base64.getDecoder().decode(signed.getSignature());
        verifier = VoteSignatures.verifier(keys.getPublic());
        jdkVerifier = Signature.getInstance("Ed25519");
        jdkSigner = Signature.getInstance("Ed25519");
        signer = VoteSignatures.signer(keys.getPrivate());
        byte[] encoded = keys.getPublic().getEncoded();
        point = Ed25519.validatePublicKeyFullExport(encoded, encoded.length - Ed25519.PUBLIC_KEY_SIZE);
        if (!verifier.verify(signed) || !verifyJdk()) {
            throw new IllegalStateException("the benchmark's vote does not verify");
        }
    }

    /** The detector's check of one signed vote: its canonical bytes built, the signature decoded and verified. */
    @Benchmark
    public boolean verifyVote() {
        return verifier.verify(signed);
    }

    /** Bouncy Castle's verification alone, over bytes built once. */
    @Benchmark
    public boolean verifyBytesBouncyCastle() {
        return Ed25519.verify(signature, 0, point, canonical, 0, canonical.length);
    }

    /** The JDK 17 provider over the same bytes: the baseline. */
    @Benchmark
    public boolean verifyBytesJdk() throws GeneralSecurityException {
        return verifyJdk();
    }

    /** What an agent pays to sign a vote with a {@link VoteSignatures.Signer} (the SDK's agent runner keeps one). */
    @Benchmark
    public Vote signVote() {
        return signer.sign(unsigned);
    }

    /** The JDK 17 provider signing the same bytes: the baseline, and what signing cost before the signer. */
    @Benchmark
    public byte[] signBytesJdk() throws GeneralSecurityException {
        jdkSigner.initSign(keys.getPrivate());
        jdkSigner.update(canonical);
        return jdkSigner.sign();
    }

    /** The canonical bytes alone (a SHA-256 of the justification and the fields joined). */
    @Benchmark
    public byte[] canonicalBytes() {
        return VoteSignatures.canonical(signed);
    }

    private boolean verifyJdk() throws GeneralSecurityException {
        jdkVerifier.initVerify(keys.getPublic());
        jdkVerifier.update(canonical);
        return jdkVerifier.verify(signature);
    }
}
