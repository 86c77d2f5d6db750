package io.synod.app.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.synod.config.SynodConfig;
import io.synod.tracing.StageTracer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The process's OpenTelemetry tracing. With {@code otel.exporter.otlp.endpoint} set, spans go to
 * that OTLP/HTTP receiver in batches; without it nothing is started and the stages only pass the
 * trace context on, so tracing costs a header read per record.
 */
public final class Tracing implements AutoCloseable {
    private static final String INSTRUMENTATION = "io.synod";

    private final SdkTracerProvider provider;
    private final StageTracer processors;
    private final StageTracer clients;

    private Tracing(SdkTracerProvider provider) {
        this.provider = provider;
        if (provider == null) {
            processors = StageTracer.PASS_THROUGH;
            clients = StageTracer.PASS_THROUGH;
        } else {
            processors = new OtelStageTracer(provider.get(INSTRUMENTATION), SpanKind.CONSUMER);
            clients = new OtelStageTracer(provider.get(INSTRUMENTATION), SpanKind.PRODUCER);
        }
    }

    public static Tracing disabled() {
        return new Tracing(null);
    }

    public static Tracing from(SynodConfig config, String serviceName) {
        String endpoint = config.getOrBlank("otel.exporter.otlp.endpoint").trim();
        if (endpoint.isEmpty()) {
            return disabled();
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(tracesUrl(endpoint))
                .setTimeout(Duration.ofSeconds(10))
                .build();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.getDouble("otel.traces.sampler.ratio"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(500)).build())
                .build();
        return new Tracing(provider);
    }

    /** As OTEL_EXPORTER_OTLP_ENDPOINT: a base URL gets the traces path; a URL with a path is used as given. */
    static String tracesUrl(String endpoint) {
        String trimmed = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        int schemeEnd = trimmed.indexOf("://");
        boolean hasPath = schemeEnd >= 0 && trimmed.indexOf('/', schemeEnd + 3) >= 0;
        return hasPath ? trimmed : trimmed + "/v1/traces";
    }

    public boolean exporting() {
        return provider != null;
    }

    /** For the stream processors (consumer spans); given to Kafka Streams only when exporting. */
    public StageTracer processors() {
        return processors;
    }

    /** For producers of proposals and votes (producer spans). */
    public StageTracer clients() {
        return clients;
    }

    /** Sends what is buffered; for tests and before shutdown. */
    public void flush() {
        if (provider != null) {
            provider.forceFlush().join(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
