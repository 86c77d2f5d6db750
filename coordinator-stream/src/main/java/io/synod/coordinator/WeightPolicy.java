package io.synod.coordinator;

import io.synod.schemas.Reputation;

/**
 * How much one vote counts. Pluggable so the replay benchmark can compare policies on the same
 * votes; implementations must be pure functions of their arguments.
 */
public interface WeightPolicy {

    /**
     * @param reputation the agent's current reputation, or null for an agent with no history yet
     * @param confidence the vote's confidence in [0,1]
     * @param suspicion  the detector's suspicion in [0,1]
     * @param options    how many options the proposal offers
     */
    double weight(Reputation reputation, double confidence, double suspicion, int options);

    /** The seed document's rule: reputation (1.0 for a new agent) times confidence. */
    static WeightPolicy reputationTimesConfidence() {
        return (reputation, confidence, suspicion, options) ->
                (reputation == null ? 1.0 : reputation.getReputation()) * confidence * (1.0 - suspicion);
    }
}
