package io.synod.reputation;

import io.synod.schemas.Reputation;
import io.synod.schemas.internal.HealthDelta;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by agent: turns reputation changes into changes of the tenant's counts — one more agent
 * the first time an agent is seen, one more or one fewer quarantined agent when its verdict flips.
 * Emits nothing when neither count changes, so the per-tenant aggregate stays cheap.
 */
final class HealthDeltas implements Processor<String, Reputation, String, HealthDelta> {
    static final String STORE = "reputation-health-flags";

    private ProcessorContext<String, HealthDelta> context;
    private KeyValueStore<String, Boolean> lastFlagged;

    @Override
    public void init(ProcessorContext<String, HealthDelta> context) {
        this.context = context;
        lastFlagged = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Reputation> record) {
        Reputation reputation = record.value();
        if (reputation == null) {
            return;
        }
        Boolean before = lastFlagged.get(record.key());
        boolean now = reputation.getFlagged();
        int agents = before == null ? 1 : 0;
        int flagged = (now ? 1 : 0) - (Boolean.TRUE.equals(before) ? 1 : 0);
        if (agents == 0 && flagged == 0) {
            return;
        }
        lastFlagged.put(record.key(), now);
        context.forward(new Record<>(reputation.getTenant(),
                HealthDelta.newBuilder().setAgents(agents).setFlagged(flagged).setAtMs(record.timestamp()).build(), record.timestamp()));
    }
}
