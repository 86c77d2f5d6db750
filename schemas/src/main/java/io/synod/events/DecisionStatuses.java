package io.synod.events;

import java.util.List;
import java.util.Set;

/** The statuses a decision on consensus.decisions can have, and which of them carry a decision. */
public final class DecisionStatuses {
    /** Every status, in the order dashboards and the API list them. */
    public static final List<String> ALL = List.of("achieved", "fallback", "arbitrated", "deadlock", "escalated", "halted", "failed", "expired");
    /** The statuses that reached a decision: what goes to consensus.achieved and what an outcome can judge. */
    public static final Set<String> REACHED = Set.of("achieved", "fallback", "arbitrated");

    private DecisionStatuses() {
    }
}
