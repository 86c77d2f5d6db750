package io.synod.app.replay;

import org.apache.avro.specific.SpecificRecord;

/**
 * One line of replay input turned into the event the live pipeline would receive, or into the
 * reason it cannot be one.
 *
 * @param type   the line's "type" ("agent", "proposal", ...), or null when unreadable
 * @param key    the record key (tenant/proposal or tenant/agent)
 * @param value  the Avro event, null when {@code reason} is set
 * @param tsMs   event time in epoch milliseconds
 * @param reason machine-readable rejection reason, null for a valid event
 */
record ReplayEvent(String type, String key, SpecificRecord value, long tsMs, String reason, String detail) {

    static ReplayEvent valid(String type, String key, SpecificRecord value, long tsMs) {
        return new ReplayEvent(type, key, value, tsMs, null, null);
    }

    static ReplayEvent invalid(String type, long tsMs, String reason, String detail) {
        return new ReplayEvent(type, null, null, tsMs, reason, detail);
    }

    boolean isValid() {
        return reason == null;
    }
}
