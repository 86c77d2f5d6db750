package io.synod.events;

import java.util.List;
import java.util.Map;

/** Option conventions shared by every stage. */
public final class Choices {
    /** Always allowed as a vote, counts toward participation, never wins. */
    public static final String ABSTAIN = "abstain";
    public static final List<String> DEFAULT_OPTIONS = List.of("approve", "reject");

    private Choices() {
    }

    public static List<String> orDefault(List<String> options) {
        return options == null || options.isEmpty() ? DEFAULT_OPTIONS : options;
    }

    /** The most chosen option's share of an agent's votes per option (0 with none). */
    public static double topShare(Map<String, Long> choiceCounts) {
        long total = 0;
        long top = 0;
        for (long count : choiceCounts.values()) {
            total += count;
            top = Math.max(top, count);
        }
        return total == 0 ? 0.0 : (double) top / total;
    }
}
