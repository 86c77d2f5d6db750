package io.synod.coordinator;

import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a round's counted ballots into a count over the options. Pluggable so the replay benchmark
 * can compare models on the same votes; implementations are pure and set each ballot's weight and
 * accuracy for the audit trail.
 */
public interface DecisionModel {

    /**
     * @param options      the proposal's options
     * @param counted      ballots not excluded as Byzantine, abstentions included
     * @param reputationOf the agent's current reputation, or null for an agent with no history
     */
    Tally tally(List<String> options, List<Ballot> counted, Function<String, Reputation> reputationOf);

    /** The seed document's rule: weight = reputation (1.0 for a new agent) × confidence, shares by weight. */
    static DecisionModel reputationTimesConfidence() {
        return (options, counted, reputationOf) -> {
            for (Ballot ballot : counted) {
                Reputation reputation = reputationOf.apply(ballot.getAgentId());
                double weight = (reputation == null ? 1.0 : reputation.getReputation()) * ballot.getConfidence()
                        * (1.0 - ballot.getSuspicion());
                ballot.setWeight(Double.isFinite(weight) && weight > 0 ? weight : 0.0);
                ballot.setAccuracy(reputation == null ? 0.5 : reputation.getAccuracy());
            }
            return Tally.of(options, counted);
        };
    }
}
