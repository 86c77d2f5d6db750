package io.synod.detector;

import io.synod.events.RejectReason;
import io.synod.events.VoteSignatures;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Vote;
import io.synod.streams.LruCache;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * Identity: an agent registered with a public key must sign its votes (Ed25519 over the vote's
 * canonical bytes). Keys are decoded once, to the curve point verification starts from, and cached by
 * their text, so a key rotation takes effect at once.
 */
final class SignatureCheck {
    private static final int CACHE_SIZE = 10_000;
    private final Map<String, VoteSignatures.Verifier> keys = new LruCache<>(CACHE_SIZE);

    VoteValidator.Problem check(Vote vote, AgentRegistration agent) {
        if (agent == null || agent.getPublicKey() == null || agent.getPublicKey().isBlank()) {
            return null;
        }
        if (vote.getSignature() == null || vote.getSignature().isBlank()) {
            return new VoteValidator.Problem(RejectReason.MISSING_SIGNATURE, "agent " + vote.getAgentId() + " must sign its votes");
        }
        VoteSignatures.Verifier key = keys.computeIfAbsent(agent.getPublicKey(), SignatureCheck::decode);
        if (key == null || !key.verify(vote)) {
            return new VoteValidator.Problem(RejectReason.BAD_SIGNATURE, "signature does not verify with agent " + vote.getAgentId() + "'s key");
        }
        return null;
    }

    private static VoteSignatures.Verifier decode(String base64) {
        try {
            return VoteSignatures.verifier(VoteSignatures.publicKey(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
