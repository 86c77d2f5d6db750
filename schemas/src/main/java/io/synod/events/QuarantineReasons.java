package io.synod.events;

/**
 * The reason code a quarantined agent's ballots carry: the detector writes it (its reputation
 * threshold), the reputation checks read it to tell which verdict quarantined a voter.
 */
public final class QuarantineReasons {
    public static final String QUARANTINED = "quarantined";

    private QuarantineReasons() {
    }

    /** The ballot reason for an agent quarantined for {@code flagReason} (null: reason unknown). */
    public static String onBallot(String flagReason) {
        return flagReason == null ? QUARANTINED : QUARANTINED + ":" + flagReason;
    }
}
