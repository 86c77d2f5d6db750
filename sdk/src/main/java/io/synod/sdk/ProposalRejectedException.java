package io.synod.sdk;

import io.synod.schemas.Rejection;

/** The coordinator refused a proposal (consensus.rejected): it will never be decided. */
public final class ProposalRejectedException extends RuntimeException {
    private final transient Rejection rejection;

    public ProposalRejectedException(Rejection rejection) {
        super("proposal " + rejection.getTenant() + "/" + rejection.getProposalId() + " rejected: "
                + rejection.getReason() + (rejection.getDetail().isEmpty() ? "" : " (" + rejection.getDetail() + ")"));
        this.rejection = rejection;
    }

    /** The machine-readable reason, e.g. duplicate_proposal or invalid_policy. */
    public String reason() {
        return rejection.getReason();
    }

    public Rejection rejection() {
        return rejection;
    }
}
