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
    QUOTA_EXCEEDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
