package io.synod.reputation;

import io.synod.schemas.Reputation;
import io.synod.schemas.internal.ReputationSignal;

/**
 * Turns one piece of evidence about an agent into its new reputation. Implementations are pure so
 * that replaying the same signals always yields the same reputations.
 */
public interface ReputationPolicy {

    /** The reputation of an agent with no history. */
    Reputation initial(String tenant, String agentId, long atMs);

    Reputation apply(Reputation current, ReputationSignal signal);
}
