package io.synod.tracing;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The W3C trace context on Kafka records: one {@code traceparent} header
 * ({@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}), as OpenTelemetry's Kafka
 * instrumentation writes it, so traces join across Synod and its users' own producers and consumers.
 */
public final class TraceHeaders {
    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /** The record's traceparent when it has a well-formed one, otherwise null. */
    public static String traceparent(Headers headers) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(TRACEPARENT);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII);
        return isValid(value) ? value : null;
    }

    /** The trace id part of a traceparent, or null. */
    public static String traceId(String traceparent) {
        return traceparent != null && isValid(traceparent) ? traceparent.substring(3, 35) : null;
    }

    /**
     * {@code record} with its traceparent set to {@code traceparent} (headers copied, because
     * Kafka Streams shares a record's headers with the records derived from it); unchanged when
     * {@code traceparent} is null.
     */
    public static <K, V> Record<K, V> with(Record<K, V> record, String traceparent) {
        if (traceparent == null || traceparent.equals(traceparent(record.headers()))) {
            return record;
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(TRACEPARENT);
        headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        return record.withHeaders(headers);
    }

    /** Version 00 layout with lower-case hex and non-zero ids, as the W3C recommendation requires. */
    static boolean isValid(String value) {
        if (value.length() != 55 || !value.startsWith("00-") || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return false;
        }
        return hex(value, 3, 35) && hex(value, 36, 52) && hex(value, 53, 55)
                && !allZero(value, 3, 35) && !allZero(value, 36, 52);
    }

    private static boolean hex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
