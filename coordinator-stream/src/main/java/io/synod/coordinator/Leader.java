package io.synod.coordinator;

import java.util.Map;

/** The key with the largest positive value, or null when there is none or the top is tied. */
final class Leader {
    private Leader() {
    }

    static <N extends Number> String of(Map<String, N> scores) {
        String leader = null;
        double best = 0.0;
        boolean tied = false;
        for (var entry : scores.entrySet()) {
            double value = entry.getValue().doubleValue();
            if (value > best) {
                best = value;
                leader = entry.getKey();
                tied = false;
            } else if (value == best && best > 0) {
                tied = true;
            }
        }
        return tied ? null : leader;
    }
}
