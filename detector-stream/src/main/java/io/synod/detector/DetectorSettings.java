package io.synod.detector;

import io.synod.config.SynodConfig;

/**
 * The detector's configuration: which of the five methods run ({@code detector.<method>.enabled},
 * all on by default) and their thresholds. See Defaults for every key and its meaning.
 */
public record DetectorSettings(boolean calibration, boolean quality, boolean reputation, boolean patterns, boolean cross,
                               double extremeConfidence, int minContentWords, double relevanceFloor,
                               double integrityFloor, double duplicateSimilarity, double flipFlopSimilarity,
                               int burstMinVotes, double burstFraction, int burstMinGaps, double contrarianHint) {

    public static DetectorSettings from(SynodConfig config) {
        return new DetectorSettings(config.getBoolean("detector.calibration.enabled"), config.getBoolean("detector.quality.enabled"),
                config.getBoolean("detector.reputation.enabled"), config.getBoolean("detector.patterns.enabled"),
                config.getBoolean("detector.cross.enabled"),
                config.getDouble("detector.confidence.extreme"), config.getInt("detector.justification.min.words"),
                config.getDouble("detector.relevance.floor"), config.getDouble("reputation.integrity.floor"),
                config.getDouble("detector.duplicate.similarity"), config.getDouble("detector.flipflop.similarity"),
                config.getInt("detector.burst.min.votes"), config.getDouble("detector.burst.fraction"),
                config.getInt("detector.burst.min.gaps"), config.getDouble("detector.contrarian.hint.significance"));
    }

    public static DetectorSettings defaults() {
        return from(SynodConfig.defaults());
    }

    /** Every method off: validation and identity only, suspicion always 0. */
    public DetectorSettings allOff() {
        return new DetectorSettings(false, false, false, false, false, extremeConfidence, minContentWords, relevanceFloor,
                integrityFloor, duplicateSimilarity, flipFlopSimilarity, burstMinVotes, burstFraction, burstMinGaps, contrarianHint);
    }
}
