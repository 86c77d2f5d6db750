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

    /**
     * As {@link #tally(List, List, Function)}, with the ballots excluded as Byzantine at hand: a model may
     * let them count against the options they chose, never for them. This default ignores them.
     */
    default Tally tally(List<String> options, List<Ballot> counted, List<Ballot> excluded,
                        Function<String, Reputation> reputationOf) {
        return tally(options, counted, reputationOf);
    }

    /**
     * The agent's estimated accuracy as this model reads it, for a ballot's audit trail and for the
     * reputation app's cross-agent checks; also set on excluded ballots, which the tally never sees.
     */
    default double accuracyOf(Reputation reputation) {
        return reputation == null ? 0.5 : reputation.getAccuracy();
    }

    /** The seed document's rule: weight = reputation (1.0 for a new agent) × confidence, shares by weight. */
    static DecisionModel reputationTimesConfidence() {
        return reputationTimesConfidence(0, 1.0);
    }

    /**
     * The seed rule with probation: an agent's weight starts at {@code probationWeight} of its
     * reputation and grows linearly to all of it over its first {@code probationVotes} votes, so a
     * swarm of new agents cannot outvote established ones on arrival.
     */
    static DecisionModel reputationTimesConfidence(long probationVotes, double probationWeight) {
        return (options, counted, reputationOf) -> {
            for (Ballot ballot : counted) {
                Reputation reputation = reputationOf.apply(ballot.getAgentId());
                long votes = reputation == null ? 0L : reputation.getVotes();
                double probation = votes >= probationVotes ? 1.0 : probationWeight + (1.0 - probationWeight) * votes / probationVotes;
                double weight = (reputation == null ? 1.0 : reputation.getReputation()) * ballot.getConfidence()
                        * (1.0 - ballot.getSuspicion()) * probation;
                ballot.setWeight(Double.isFinite(weight) && weight > 0 ? weight : 0.0);
                ballot.setAccuracy(reputation == null ? 0.5 : reputation.getAccuracy());
            }
            return Tally.of(options, counted);
        };
    }
}
