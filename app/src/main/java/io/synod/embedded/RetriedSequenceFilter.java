package io.synod.embedded;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops one broker ERROR that is not an error: with transactions v2 (KIP-890) the broker refuses a
 * first batch whose sequence is not 0 on a partition where the producer has no state yet
 * (KAFKA-18202), and says so as a retriable OUT_OF_ORDER_SEQUENCE_NUMBER. A transactional producer
 * pipelining several batches to a partition it has just added to a transaction hits it routinely
 * when a later batch overtakes the first; it retries and the records are written once (the
 * throughput benchmark's output check counts them). The broker still logs every refused append at
 * ERROR, with a stack trace, which buried real errors in {@code synod demo}. Any other
 * out-of-order sequence (an existing producer state) still gets through.
 */
public final class RetriedSequenceFilter extends Filter<ILoggingEvent> {
    static final String MARKER = "transactions v2 idempotent producer with no existing state";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!"kafka.server.ReplicaManager".equals(event.getLoggerName())) {
            return FilterReply.NEUTRAL;
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null && thrown.getClassName().endsWith("OutOfOrderSequenceException")
                && thrown.getMessage() != null && thrown.getMessage().contains(MARKER)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
