package io.synod.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static RecordHeaders headersWith(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        return headers;
    }

    @Test
    void shouldReadAWellFormedTraceparent() {
        assertThat(TraceHeaders.traceparent(headersWith(VALID))).isEqualTo(VALID);
        assertThat(TraceHeaders.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void shouldIgnoreAMalformedTraceparent() {
        assertThat(TraceHeaders.traceparent(headersWith("00-XYZ-00f067aa0ba902b7-01"))).isNull();
        assertThat(TraceHeaders.traceparent(headersWith("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))).isNull();
        assertThat(TraceHeaders.traceparent(headersWith(VALID.toUpperCase()))).isNull();
        assertThat(TraceHeaders.traceparent(new RecordHeaders())).isNull();
    }

    @Test
    void shouldReplaceTheTraceparentOnACopyOfTheHeaders() {
        RecordHeaders original = headersWith("00-11111111111111111111111111111111-2222222222222222-01");
        Record<String, String> record = new Record<>("k", "v", 1L, original);

        Record<String, String> traced = TraceHeaders.with(record, VALID);

        assertThat(TraceHeaders.traceparent(traced.headers())).isEqualTo(VALID);
        assertThat(traced.headers().headers(TraceHeaders.TRACEPARENT)).hasSize(1);
        assertThat(TraceHeaders.traceparent(original)).isEqualTo("00-11111111111111111111111111111111-2222222222222222-01");
    }

    @Test
    void shouldLeaveARecordAloneWithoutATraceContext() {
        Record<String, String> record = new Record<>("k", "v", 1L);

        assertThat(TraceHeaders.with(record, null)).isSameAs(record);
    }
}
