package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void shouldExportSpansToTheConfiguredOtlpEndpoint() throws Exception {
        try (FakeOtlpReceiver receiver = new FakeOtlpReceiver();
             Tracing tracing = Tracing.from(SynodConfig.defaults().with("otel.exporter.otlp.endpoint", receiver.endpoint()), "synod-test")) {
            String traceId;
            try (StageTracer.Stage root = tracing.clients().startTrace("proposal.publish", null)) {
                traceId = TraceHeaders.traceId(root.traceparent());
                tracing.processors().continueTrace("coordinator.open_round", root.traceparent()).close();
            }
            tracing.flush();

            assertThat(receiver.awaitReceived("coordinator.open_round", traceId, Duration.ofSeconds(10))).isTrue();
            assertThat(receiver.received("proposal.publish", traceId)).isTrue();
            assertThat(receiver.received("synod-test")).as("service.name").isTrue();
        }
    }

    @Test
    void shouldContinueTheParentsTraceWithASpanOfItsOwn() throws Exception {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (FakeOtlpReceiver receiver = new FakeOtlpReceiver();
             Tracing tracing = Tracing.from(SynodConfig.defaults().with("otel.exporter.otlp.endpoint", receiver.endpoint()), "synod-test");
             StageTracer.Stage stage = tracing.processors().continueTrace("detector.screen", parent)) {
            assertThat(TraceHeaders.traceId(stage.traceparent())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(stage.traceparent()).isNotEqualTo(parent).endsWith("-01");
        }
    }

    @Test
    void shouldOnlyPassTheContextOnWithoutAnEndpoint() {
        try (Tracing tracing = Tracing.from(SynodConfig.defaults(), "synod-test")) {
            assertThat(tracing.exporting()).isFalse();
            assertThat(tracing.clients().startTrace("proposal.publish", null).traceparent()).isNull();
            assertThat(tracing.processors().continueTrace("detector.screen", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        }
    }

    @Test
    void shouldAddTheTracesPathToABaseEndpointOnly() {
        assertThat(Tracing.tracesUrl("http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(Tracing.tracesUrl("http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(Tracing.tracesUrl("https://otel.example/custom/traces")).isEqualTo("https://otel.example/custom/traces");
    }
}
