package io.synod.events;

/**
 * The reason code a quarantined agent's ballots carry: the detector writes it (its reputation
 * threshold), the reputation checks read it to tell which verdict quarantined a voter.
 */
public final class QuarantineReasons {
    public static final String QUARANTINED = "quarantined";
    /**
     * The cause on the reputation change that lifted a quarantine on agreement with the decisions alone,
     * once the agent's excluded votes went with the crowd (decision 0109); an operator's review is "reset".
     */
    public static final String REINSTATED = "reinstated";

    /**
     * The flag reason of a vote excluded because its agent was quarantined when the vote was scored (its
     * ballot carries {@link #onBallot}): a consequence of the quarantine, not new evidence. It never
     * quarantines by itself, so an agent whose quarantine was lifted (a reset, a reinstatement) is not
     * quarantined again by votes scored before the lift reached the detector.
     */
    public static final String EXCLUDED_WHILE_QUARANTINED = "excluded_while_quarantined";

    private QuarantineReasons() {
    }

    /** Whether {@code reason} is the mark {@link #onBallot} puts on a quarantined agent's ballot. */
    public static boolean marksQuarantine(String reason) {
        return reason.equals(QUARANTINED) || reason.startsWith(QUARANTINED + ":");
    }

    /** The ballot reason for an agent quarantined for {@code flagReason} (null: reason unknown). */
    public static String onBallot(String flagReason) {
        return flagReason == null ? QUARANTINED : QUARANTINED + ":" + flagReason;
    }
}
