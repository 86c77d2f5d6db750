package io.synod.coordinator;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import java.util.List;

/**
 * How far stated confidence can be taken at its word on one proposal: the slope of being right (the
 * decision's posterior of the option the agent chose) on stated confidence, pooled within agents over
 * the histories of the proposal's voters (docs/decisions/0063). Each agent's confidences are centred
 * on its own mean, so the slope says whether a voter's more confident votes are its better ones; how
 * good each voter is overall is the accuracy model's business. Agents whose confidence tracks how
 * likely they are to be right give a slope near 1; a crowd's arbitrary numbers, or an agent that always
 * says the same, near 0. A prior slope of 1 (confidence taken at its word, as before any history) is
 * combined with the data by their precisions, so a handful of votes hardly moves it.
 */
final class ConfidenceResolution {
    private static final double PRIOR_SLOPE = 1.0;
    /** A prior standard deviation of 0.5 around the slope of 1. */
    private static final double PRIOR_PRECISION = 4.0;
    /** Floor of the Bernoulli variance of being right, so that voters always right still give a finite precision. */
    private static final double MIN_NOISE = 0.05;

    private ConfidenceResolution() {
    }

    /**
     * The weight in [0, 1] of stated confidence for the proposal's voters: 1 reads it as stated, 0 as if
     * every vote said 1 (plain Dawid–Skene).
     */
    static double weight(List<Reputation> voters) {
        double covariance = 0.0;
        double variance = 0.0;
        double right = 0.0;
        double votes = 0.0;
        for (Reputation reputation : voters) {
            AgentProfile profile = reputation == null ? null : reputation.getProfile();
            if (profile == null || profile.getResolutionVotes() < 2) {
                continue;
            }
            double n = profile.getResolutionVotes();
            covariance += profile.getConfidenceRight() - profile.getConfidenceSum() * profile.getRightSum() / n;
            variance += Math.max(0.0, profile.getConfidenceSquares() - profile.getConfidenceSum() * profile.getConfidenceSum() / n);
            right += profile.getRightSum();
            votes += n;
        }
        if (votes == 0 || variance <= 1e-12) {
            return PRIOR_SLOPE;
        }
        double meanRight = right / votes;
        double dataPrecision = variance / Math.max(MIN_NOISE, meanRight * (1.0 - meanRight));
        double slope = covariance / variance;
        double posterior = (slope * dataPrecision + PRIOR_SLOPE * PRIOR_PRECISION) / (dataPrecision + PRIOR_PRECISION);
        return Math.max(0.0, Math.min(1.0, posterior));
    }
}
