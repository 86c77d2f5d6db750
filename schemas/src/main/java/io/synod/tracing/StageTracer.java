package io.synod.tracing;

import java.util.Map;

/**
 * How a stream processor reports the work it does for a traced proposal, without depending on a
 * tracing library. The node hands its implementation to the processors through the Kafka Streams
 * configuration ({@link #CONFIG}); replay and topology tests configure none and get
 * {@link #PASS_THROUGH}, which starts nothing and forwards the caller's trace context unchanged, so
 * a decision still carries its proposal's trace id.
 */
public interface StageTracer {
    /** The Kafka Streams configuration key whose value is the node's {@code StageTracer} instance. */
    String CONFIG = "synod.stage.tracer";

    /** No spans: each stage's context is its parent's. */
    StageTracer PASS_THROUGH = new StageTracer() {
        @Override
        public Stage continueTrace(String name, String parentTraceparent) {
            return Stage.of(parentTraceparent);
        }

        @Override
        public Stage startTrace(String name, String parentTraceparent) {
            return Stage.of(parentTraceparent);
        }
    };

    /** A span for this stage when the input is traced; none (and a null context) otherwise. */
    Stage continueTrace(String name, String parentTraceparent);

    /** Like {@link #continueTrace}, but an untraced input starts a new trace when tracing is on. */
    Stage startTrace(String name, String parentTraceparent);

    /** The tracer the node configured, or {@link #PASS_THROUGH}. */
    static StageTracer from(Map<String, Object> appConfigs) {
        Object configured = appConfigs == null ? null : appConfigs.get(CONFIG);
        return configured instanceof StageTracer tracer ? tracer : PASS_THROUGH;
    }

    /** One stage's span: its W3C traceparent goes on the records the stage forwards. */
    interface Stage extends AutoCloseable {
        /** The traceparent for records this stage forwards; null when untraced. */
        String traceparent();

        /** Adds an attribute to the span (no-op when nothing is recorded). */
        default Stage attribute(String key, String value) {
            return this;
        }

        /** Ends the span. */
        @Override
        default void close() {
        }

        static Stage of(String traceparent) {
            return () -> traceparent;
        }
    }
}
