package io.synod.reputation;

import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keyed by proposal, in front of the evidence: keeps each decided proposal (its ballots are what a
 * later outcome is evidence about) and holds an outcome that arrives before its proposal is decided
 * until it is. Ground truth is often known while a split proposal is still in its second round, and
 * those contested proposals are where it says the most; dropped, it was lost for them.
 * An outcome whose proposal ends undecided (expired, deadlocked, ...) has no ballots to judge and is
 * released to nothing: it is removed with the decision.
 */
final class OutcomeRelease implements Processor<String, SpecificRecord, String, SpecificRecord> {
    static final String PENDING_STORE = "reputation-pending-outcomes";
    private static final Set<String> DECIDED = Set.of("achieved", "fallback", "arbitrated");

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Decision> decided;
    private KeyValueStore<String, Outcome> pending;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        decided = context.getStateStore(EvidenceCollector.DECIDED_STORE);
        pending = context.getStateStore(PENDING_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Decision decision) {
            String key = Keys.of(decision.getTenant(), decision.getProposalId());
            boolean decidedNow = DECIDED.contains(decision.getStatus()) && decision.getDecision() != null;
            if (decidedNow) {
                decided.put(key, decision);
            }
            context.forward(record);
            Outcome early = pending.get(key);
            if (early != null && (decidedNow || isTerminal(decision))) {
                pending.delete(key);
                if (decidedNow) {
                    context.forward(new Record<>(record.key(), early, record.timestamp(), record.headers()));
                }
            }
        } else if (record.value() instanceof Outcome outcome) {
            String key = Keys.of(outcome.getTenant(), outcome.getProposalId());
            if (decided.get(key) != null) {
                context.forward(record);
            } else {
                pending.put(key, outcome);
            }
        }
    }

    /** Statuses after which no decision follows. */
    private static boolean isTerminal(Decision decision) {
        return !"escalated".equals(decision.getStatus());
    }
}
