package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import io.synod.coordinator.DecisionModel;
import io.synod.coordinator.OnlineDawidSkene;
import io.synod.reputation.BayesianReputationPolicy;
import io.synod.reputation.ReputationPolicy;
import io.synod.reputation.SeedReputationPolicy;

/**
 * The decision model and reputation policy a deployment runs, chosen by {@code policy}:
 * {@code bayesian} (online Dawid–Skene, the default) or {@code seed} (the seed document's rule).
 */
public record Policies(DecisionModel model, ReputationPolicy reputation) {

    public static Policies from(SynodConfig config) {
        String name = config.get("policy");
        return switch (name) {
            case "bayesian" -> new Policies(new OnlineDawidSkene(config.getDouble("policy.bayesian.prior.correct"),
                    config.getDouble("policy.bayesian.prior.wrong"), config.getDouble("policy.bayesian.confusion.strength")),
                    BayesianReputationPolicy.from(config));
            case "seed" -> new Policies(DecisionModel.reputationTimesConfidence(config.getLong("reputation.probation.votes"),
                    config.getDouble("reputation.probation.weight")), SeedReputationPolicy.from(config));
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (known: bayesian, seed)");
        };
    }
}
