package io.synod.events;

import java.util.List;

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
}
