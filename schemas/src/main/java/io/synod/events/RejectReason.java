package io.synod.events;

import java.util.Locale;

/** Machine-readable reasons on consensus.rejected. The code is the enum name in lower case. */
public enum RejectReason {
    UNKNOWN_PROPOSAL,
    UNKNOWN_ROUND,
    ROUND_CLOSED,
    UNREGISTERED_AGENT,
    NOT_ELIGIBLE,
    OPTION_NOT_OFFERED,
    CONFIDENCE_OUT_OF_RANGE,
    DUPLICATE,
    DUPLICATE_PROPOSAL,
    INVALID_ID,
    KEY_MISMATCH,
    INVALID_OPTIONS,
    INVALID_POLICY,
    NOT_ESCALATED,
    MISSING_SIGNATURE,
    BAD_SIGNATURE,
    REPLAYED_VOTE,
    QUOTA_EXCEEDED,
    /** An event time outside what its round or its own record allows (decision 0036). */
    TIMESTAMP_OUT_OF_RANGE,
    /** A justification above {@link InputLimits#MAX_JUSTIFICATION_BYTES} (decision 0037). */
    JUSTIFICATION_TOO_LONG,
    /** A proposal text above {@link InputLimits#MAX_TEXT_BYTES} (decision 0037). */
    TEXT_TOO_LONG,
    /** A field outside its range (an outcome's truth, a reset's target reputation), or a text holding a NUL. */
    INVALID_VALUE,
    /** An outcome about a proposal that ended without a decision, or got none in time (decision 0058). */
    NO_DECISION;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
