package io.synod.events;

import io.synod.schemas.Vote;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signatures over a canonical byte form of a vote: every field that changes its meaning
 * (tenant, proposal, agent, round, choice, confidence, event id, time, and a SHA-256 of the
 * justification), so a signature cannot be moved to another proposal, round or choice. Keys travel
 * as base64: X.509 SubjectPublicKeyInfo for public keys, PKCS#8 for private keys.
 */
public final class VoteSignatures {
    private static final String ALGORITHM = "Ed25519";
    private static final String DOMAIN = "synod-vote-v1";

    private VoteSignatures() {
    }

    public static byte[] canonical(Vote vote) {
        String text = String.join("\n", DOMAIN, vote.getTenant(), vote.getProposalId(), vote.getAgentId(),
                vote.getRound() == null ? "" : vote.getRound().toString(), vote.getChoice(), Double.toString(vote.getConfidence()),
                vote.getEventId(), Long.toString(vote.getCastAtMs()), sha256(vote.getJustification()));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    public static PrivateKey privateKey(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** The vote with its signature set. An agent signing many votes keeps a {@link #signer} instead. */
    public static Vote sign(Vote vote, PrivateKey key) {
        return signer(key).sign(vote);
    }

    /**
     * Signs votes with one agent's private key. Ed25519 signatures are deterministic, so Bouncy Castle's
     * and the JDK provider's are the same bytes; Bouncy Castle's is several times faster, and is used
     * whenever the key's seed can be read. A key that does not reveal it (one held by a hardware or
     * external provider) signs through that key's own provider.
     */
    public static Signer signer(PrivateKey key) {
        byte[] seed = key instanceof EdECPrivateKey edec ? edec.getBytes().orElse(null) : null;
        if (seed == null || seed.length != Ed25519.SECRET_KEY_SIZE) {
            return new Signer(key, null, null);
        }
        return signer(seed);
    }

    /** A signer for a raw Ed25519 private key: the 32-byte seed of RFC 8032 (the bench's generated agents hold these). */
    public static Signer signer(byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is " + Ed25519.SECRET_KEY_SIZE + " bytes, got " + seed.length);
        }
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return new Signer(null, seed.clone(), publicKey);
    }

    /** Signs votes with one agent's key; holds the key's seed and public key, so keep it private to the agent. */
    public static final class Signer {
        private final PrivateKey key;
        private final byte[] seed;
        private final byte[] publicKey;

        private Signer(PrivateKey key, byte[] seed, byte[] publicKey) {
            this.key = key;
            this.seed = seed;
            this.publicKey = publicKey;
        }

        /** The raw 32-byte public key that goes with the seed; null when the key's own provider signs. */
        public byte[] publicKey() {
            return publicKey == null ? null : publicKey.clone();
        }

        /** The vote with its signature over its canonical bytes set. */
        public Vote sign(Vote vote) {
            return Vote.newBuilder(vote).setSignature(signature(vote)).build();
        }

        /** The vote's signature as it travels (base64), for a caller that sets it on a vote it owns. */
        public String signature(Vote vote) {
            byte[] message = canonical(vote);
            byte[] signature;
            if (seed != null) {
                signature = new byte[Ed25519.SIGNATURE_SIZE];
                Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
            } else {
                try {
                    Signature signer = Signature.getInstance(ALGORITHM);
                    signer.initSign(key);
                    signer.update(message);
                    signature = signer.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot sign vote " + vote.getEventId(), e);
                }
            }
            return Base64.getEncoder().encodeToString(signature);
        }
    }

    /**
     * True when the vote carries a valid signature by {@code key}; false for a missing, malformed or
     * wrong one, or a key that is no valid Ed25519 point. Verification uses Bouncy Castle's Ed25519,
     * several times faster than the JDK 17 provider's, because every signed vote is verified on the
     * detector's stream thread.
     */
    public static boolean verify(Vote vote, PublicKey key) {
        Verifier verifier = verifier(key);
        return verifier != null && verifier.verify(vote);
    }

    /**
     * {@code key} decoded once into the curve point that every verification starts from (decoding
     * it is up to a tenth of a verification), or null when it is not a valid Ed25519 public key: not
     * on the curve, not canonically encoded, or of small order.
     */
    public static Verifier verifier(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length < Ed25519.PUBLIC_KEY_SIZE) {
            return null;
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, encoded.length - Ed25519.PUBLIC_KEY_SIZE);
        return point == null ? null : new Verifier(point);
    }

    /** Checks votes against one agent's public key; immutable, so one may be shared and cached. */
    public static final class Verifier {
        private final Ed25519.PublicPoint point;

        private Verifier(Ed25519.PublicPoint point) {
            this.point = point;
        }

        /** True when the vote carries a valid signature by this key; false for a missing, malformed or wrong one. */
        public boolean verify(Vote vote) {
            if (vote.getSignature() == null || vote.getSignature().isEmpty()) {
                return false;
            }
            try {
                byte[] signature = Base64.getDecoder().decode(vote.getSignature());
                if (signature.length != Ed25519.SIGNATURE_SIZE) {
                    return false;
                }
                byte[] message = canonical(vote);
                return Ed25519.verify(signature, 0, point, message, 0, message.length);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
