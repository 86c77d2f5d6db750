package io.synod.events;

/** Reason codes the detector writes on a vote that later stages act on, so both sides name them alike. */
public final class SuspicionReasons {
    /** The vote's justification nearly duplicates another agent's earlier in the same round. */
    public static final String NEAR_DUPLICATE = "near_duplicate_justification";
    /**
     * The coordinator found the voter in a Sybil swarm in the round (fresh, registered in one burst with the others,
     * writing copies of one text for one option) that registered after the round's established voters had been
     * there a burst's length: the reputation app quarantines it on this first sighting (decision 0107).
     */
    public static final String SYBIL_SWARM = "sybil_swarm";

    private SuspicionReasons() {
    }
}
