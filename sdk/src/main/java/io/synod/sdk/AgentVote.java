package io.synod.sdk;

import io.synod.events.Choices;
import java.util.Objects;

/** What an agent answers to a round: an option (or abstain), how sure it is, and why. */
public record AgentVote(String choice, double confidence, String justification) {

    public AgentVote {
        Objects.requireNonNull(choice, "choice");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        justification = justification == null ? "" : justification;
    }

    public static AgentVote of(String choice, double confidence, String justification) {
        return new AgentVote(choice, confidence, justification);
    }

    /** An abstention: counts toward participation, never toward an option. */
    public static AgentVote abstain(String justification) {
        return new AgentVote(Choices.ABSTAIN, 1.0, justification);
    }
}
