package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import io.synod.coordinator.WeightPolicy;
import io.synod.reputation.ReputationPolicy;
import io.synod.reputation.SeedReputationPolicy;

/** The weight and reputation policies a deployment runs, chosen by configuration. */
public record Policies(WeightPolicy weights, ReputationPolicy reputation) {

    public static Policies from(SynodConfig config) {
        String name = config.get("policy");
        if (!"seed".equals(name)) {
            throw new IllegalArgumentException("unknown policy '" + name + "' (known: seed)");
        }
        return new Policies(WeightPolicy.reputationTimesConfidence(), SeedReputationPolicy.from(config));
    }
}
