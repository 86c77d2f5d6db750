package io.synod.coordinator;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import java.util.Arrays;
import java.util.List;

/**
 * How much of a voter's evidence to believe when its agreement with past decisions overstates how
 * often it was right (docs/decisions/0065). Accuracy is learned mostly from decisions, and a group
 * that carries decisions is taught by them that it was right: the estimate confirms itself. Ground
 * truth, where it arrives, measures the gap: over the agent's votes with an outcome, the decision's
 * posterior of its choice minus whether its choice was true. A bloc that carried wrong decisions has
 * a large gap. Honest voters have a small one that depends on the task (on a hard task they side
 * with the crowd's wrong decisions too), so each voter's gap is read against the median gap of the
 * proposal's voters; a voter above it loses the share of its above-chance accuracy the excess takes.
 */
final class OverstatedAccuracy {
    /** Votes of "no gap" every agent starts with, so that one unlucky outcome hardly moves a weight. */
    static final double PRIOR_VOTES = 10.0;

    private OverstatedAccuracy() {
    }

    /** The agent's gap between agreeing with the decisions and being right, shrunk toward zero. */
    static double gap(Reputation reputation) {
        AgentProfile profile = reputation == null ? null : reputation.getProfile();
        if (profile == null || profile.getOutcomeVotes() == 0) {
            return 0.0;
        }
        return (profile.getOutcomeSupport() - profile.getOutcomeRight()) / (profile.getOutcomeVotes() + PRIOR_VOTES);
    }

    /** Each voter's gap, in the voters' order. */
    static double[] gaps(List<Reputation> voters) {
        double[] gaps = new double[voters.size()];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = gap(voters.get(i));
        }
        return gaps;
    }

    /** The median of a proposal's voters' gaps (0 for voters without outcomes): what honest voters of this task show. */
    static double reference(double[] gaps) {
        if (gaps.length == 0) {
            return 0.0;
        }
        double[] sorted = gaps.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The factor in [0, 1] on a voter's evidence: 1 unless its gap exceeds the reference, then the
     * share of its accuracy above chance that is left once the excess is taken off.
     */
    static double factor(double gap, double reference, double accuracy, int options) {
        if (options < 2) {
            return 1.0;
        }
        double excess = gap - reference;
        double chance = 1.0 / options;
        if (excess <= 0.0 || accuracy <= chance) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, (accuracy - excess - chance) / (accuracy - chance)));
    }
}
