package io.synod.reputation;

import io.synod.schemas.Reputation;
import io.synod.schemas.internal.ReputationSignal;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keyed by agent: applies each signal to the agent's reputation and publishes the new value. */
final class ReputationUpdater implements Processor<String, ReputationSignal, String, Reputation> {
    static final String STORE = "reputation-store";

    private final ReputationPolicy policy;
    private ProcessorContext<String, Reputation> context;
    private KeyValueStore<String, Reputation> store;

    ReputationUpdater(ReputationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<String, Reputation> context) {
        this.context = context;
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ReputationSignal> record) {
        ReputationSignal signal = record.value();
        if (record.key() == null || signal == null) {
            return;
        }
        Reputation current = store.get(record.key());
        if (current == null) {
            current = policy.initial(signal.getTenant(), signal.getAgentId(), signal.getAtMs());
        }
        Reputation next = policy.apply(current, signal);
        store.put(record.key(), next);
        context.forward(record.withValue(next));
    }
}
