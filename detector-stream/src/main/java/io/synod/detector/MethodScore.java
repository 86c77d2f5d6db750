package io.synod.detector;

import java.util.ArrayList;
import java.util.List;

/**
 * One detection method's verdict on one vote: a score in [0,1] and the machine-readable reason
 * codes behind it. Findings inside a method combine like independent evidence (noisy-OR) and are
 * capped, so that no weak method alone can exclude a vote.
 */
record MethodScore(double score, List<String> reasons) {
    static final MethodScore NONE = new MethodScore(0.0, List.of());

    /** Collects findings of one method. */
    static final class Builder {
        private final double cap;
        private double keep = 1.0;
        private final List<String> reasons = new ArrayList<>(2);

        Builder(double cap) {
            this.cap = cap;
        }

        Builder add(double score, String reason) {
            keep *= 1.0 - Math.max(0.0, Math.min(1.0, score));
            reasons.add(reason);
            return this;
        }

        MethodScore build() {
            return reasons.isEmpty() ? NONE : new MethodScore(Math.min(cap, 1.0 - keep), List.copyOf(reasons));
        }
    }
}
