package io.synod.app.json;

/** A proposal refused before it is published: a machine-readable code and a sentence for the caller. */
public final class InvalidProposalException extends Exception {
    private final String code;

    public InvalidProposalException(String code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
