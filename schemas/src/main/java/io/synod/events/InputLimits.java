package io.synod.events;

import java.nio.charset.StandardCharsets;

/**
 * Bounds on what an input may carry, checked where it enters (decisions 0036 and 0037). A
 * justification travels on in every scored vote, ballot and decision of its round, so its size
 * decides how large a round's decision gets; event times drive when rounds close, so a time an
 * input claims must agree with its record.
 */
public final class InputLimits {
    /** A vote's justification, in UTF-8 bytes: a long paragraph, far above what agents write. */
    public static final int MAX_JUSTIFICATION_BYTES = 8 * 1024;
    /** A proposal's text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 64 * 1024;
    /**
     * Clock disagreement tolerated between machines that keep time: how far a time an event claims
     * (castAtMs, observedAtMs, ...) may run ahead of its record's timestamp, and how far before its
     * round's opening a vote's record may be stamped.
     */
    public static final long MAX_CLOCK_SKEW_MS = 10_000;

    private InputLimits() {
    }

    /**
     * The text's size in UTF-8 bytes when above {@code limit} (for a text of over four times the
     * limit in characters, its length, a lower bound), else -1; cheap for short texts.
     */
    public static long oversize(String text, int limit) {
        if (text == null || text.length() * 3L <= limit) {
            return -1;
        }
        if (text.length() > limit) {
            return text.length() > 4L * limit ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return bytes > limit ? bytes : -1;
    }

    /**
     * Why a free text cannot be kept, or null: PostgreSQL text holds any character but U+0000, so
     * a NUL would make the mirror's write fail on every retry and stall it for every tenant. All
     * other control characters are kept verbatim.
     */
    public static String problemWithText(String field, String text) {
        int nul = text == null ? -1 : text.indexOf('\u0000');
        return nul < 0 ? null : field + " contains a NUL character (U+0000) at " + nul + ", which PostgreSQL text cannot hold";
    }

    /** Why {@code claimedMs} cannot be right for an event recorded at {@code recordMs}, or null. */
    public static String problemWithClaimedTime(String field, long claimedMs, long recordMs) {
        if (claimedMs > recordMs + MAX_CLOCK_SKEW_MS) {
            return field + " " + claimedMs + " is " + (claimedMs - recordMs) + " ms after the record's own timestamp " + recordMs;
        }
        return null;
    }
}
