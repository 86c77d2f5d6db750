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

    private QuarantineReasons() {
    }

    /** The ballot reason for an agent quarantined for {@code flagReason} (null: reason unknown). */
    public static String onBallot(String flagReason) {
        return flagReason == null ? QUARANTINED : QUARANTINED + ":" + flagReason;
    }
}
