package io.synod.app.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.util.List;

/** Stages as OpenTelemetry spans; the W3C propagator reads and writes the traceparent values. */
final class OtelStageTracer implements StageTracer {
    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TraceHeaders.TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TraceHeaders.TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
        if (carrier != null && TraceHeaders.TRACEPARENT.equals(key)) {
            carrier[0] = value;
        }
    };

    private final Tracer tracer;
    private final SpanKind kind;

    OtelStageTracer(Tracer tracer, SpanKind kind) {
        this.tracer = tracer;
        this.kind = kind;
    }

    @Override
    public Stage continueTrace(String name, String parentTraceparent) {
        if (parentTraceparent == null) {
            return Stage.of(null);
        }
        Context parent = PROPAGATOR.extract(Context.root(), parentTraceparent, GETTER);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return Stage.of(parentTraceparent);
        }
        return start(name, parent);
    }

    @Override
    public Stage startTrace(String name, String parentTraceparent) {
        return parentTraceparent == null ? start(name, Context.root()) : continueTrace(name, parentTraceparent);
    }

    private Stage start(String name, Context parent) {
        Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
        String[] traceparent = new String[1];
        PROPAGATOR.inject(parent.with(span), traceparent, SETTER);
        return new SpanStage(span, traceparent[0]);
    }

    private record SpanStage(Span span, String traceparent) implements Stage {
        @Override
        public Stage attribute(String key, String value) {
            if (value != null) {
                span.setAttribute(key, value);
            }
            return this;
        }

        @Override
        public void close() {
            span.end();
        }
    }
}
