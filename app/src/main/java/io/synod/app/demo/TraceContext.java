package io.synod.app.demo;

import io.synod.tracing.TraceHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Producer-side headers carrying a W3C trace context, for the demo's proposer and agents. */
final class TraceContext {
    private TraceContext() {
    }

    /** A {@code traceparent} header when there is a context, no headers otherwise. */
    static Headers headers(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }
}
