package io.synod.events;

/** Reason codes the detector writes on a vote that later stages act on, so both sides name them alike. */
public final class SuspicionReasons {
    /** The vote's justification nearly duplicates another agent's earlier in the same round. */
    public static final String NEAR_DUPLICATE = "near_duplicate_justification";

    private SuspicionReasons() {
    }
}
