package io.synod.detector;

import io.synod.schemas.AgentProfile;

/**
 * Method 1, confidence calibration. Extreme confidence with next to no reasoning is what a
 * manipulator uses to swing a confidence-weighted vote; and an agent whose stated confidence is,
 * over many votes, further from the outcomes (ground truth when known, else the decisions) than a
 * coin-flipper's would be is abusing the confidence channel. Honest overconfidence is common, so
 * both are weak findings.
 */
final class ConfidenceCalibration implements DetectionMethod {
    static final String EXTREME_WITHOUT_REASONING = "extreme_confidence_little_reasoning";
    static final String MISCALIBRATED = "miscalibrated_confidence";
    /** Brier score of an agent that says 0.5 every time; twice that is confidently wrong more often than right. */
    private static final double ABUSIVE_BRIER = 0.5;
    private static final long MIN_TRUTH = 10;
    private static final long MIN_DECISIONS = 20;

    private final double extremeConfidence;
    private final int minContentWords;

    ConfidenceCalibration(DetectorSettings settings) {
        this.extremeConfidence = settings.extremeConfidence();
        this.minContentWords = settings.minContentWords();
    }

    @Override
    public String name() {
        return "calibration";
    }

    @Override
    public MethodScore score(VoteContext context) {
        MethodScore.Builder findings = new MethodScore.Builder(0.3);
        if (context.vote().getConfidence() >= extremeConfidence && context.contentWords() < minContentWords
                && RoundMemory.TenantNorms.unusual(context.norms().votes(), context.norms().extremeTerseShare())) {
            findings.add(0.25, EXTREME_WITHOUT_REASONING);
        }
        Double brier = meanBrier(context.profile());
        if (brier != null && brier >= ABUSIVE_BRIER && context.vote().getConfidence() >= 0.5) {
            findings.add(0.2, MISCALIBRATED);
        }
        return findings.build();
    }

    /** Mean Brier score against ground truth when there is enough of it, else against decisions; null when too little is known. */
    static Double meanBrier(AgentProfile profile) {
        if (profile == null) {
            return null;
        }
        if (profile.getBrierTruthVotes() >= MIN_TRUTH) {
            return profile.getBrierTruth() / profile.getBrierTruthVotes();
        }
        if (profile.getBrierDecisionVotes() >= MIN_DECISIONS) {
            return profile.getBrierDecisions() / profile.getBrierDecisionVotes();
        }
        return null;
    }
}
