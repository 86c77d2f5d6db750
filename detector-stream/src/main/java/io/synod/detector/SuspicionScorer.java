package io.synod.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Combines the enabled methods' scores into one suspicion in [0,1] with sorted, de-duplicated
 * reason codes. Methods combine like independent evidence (noisy-OR). Weak findings down-weight a
 * vote (the decision model discounts it by its suspicion) but may exclude it only when at least
 * three different methods found something: one or two weak signals are what honest agents produce
 * by accident, and an excluded vote also counts toward halting the proposal. Verdicts from the
 * agent's history (method 3) exclude on their own.
 */
final class SuspicionScorer {
    static final int METHODS_TO_EXCLUDE = 3;

    /** The combined score. */
    record Suspicion(double score, List<String> reasons) {
    }

    private final List<DetectionMethod> methods;
    private final double flagThreshold;

    SuspicionScorer(List<DetectionMethod> methods, double flagThreshold) {
        this.methods = List.copyOf(methods);
        this.flagThreshold = flagThreshold;
    }

    static SuspicionScorer of(DetectorSettings settings, double flagThreshold) {
        List<DetectionMethod> methods = new ArrayList<>(5);
        if (settings.calibration()) {
            methods.add(new ConfidenceCalibration(settings));
        }
        if (settings.quality()) {
            methods.add(new JustificationQuality(settings));
        }
        if (settings.reputation()) {
            methods.add(new ReputationThreshold(settings));
        }
        if (settings.patterns()) {
            methods.add(new VotePatterns(settings));
        }
        if (settings.cross()) {
            methods.add(new CrossAgentVerification(settings));
        }
        return new SuspicionScorer(methods, flagThreshold);
    }

    boolean anyEnabled() {
        return !methods.isEmpty();
    }

    Suspicion score(VoteContext context) {
        double keep = 1.0;
        int weakMethods = 0;
        boolean conclusive = false;
        TreeSet<String> reasons = null;
        for (DetectionMethod method : methods) {
            MethodScore score = method.score(context);
            if (score.reasons().isEmpty()) {
                continue;
            }
            if (reasons == null) {
                reasons = new TreeSet<>();
            }
            reasons.addAll(score.reasons());
            keep *= 1.0 - score.score();
            if (score.score() >= flagThreshold) {
                conclusive = true;
            } else if (score.score() > 0) {
                weakMethods++;
            }
        }
        if (reasons == null) {
            return new Suspicion(0.0, List.of());
        }
        double combined = 1.0 - keep;
        if (!conclusive && weakMethods < METHODS_TO_EXCLUDE) {
            combined = Math.min(combined, 0.9 * flagThreshold);
        }
        return new Suspicion(combined, List.copyOf(reasons));
    }
}
