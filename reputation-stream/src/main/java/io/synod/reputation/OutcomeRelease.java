package io.synod.reputation;

import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by proposal, in front of the evidence: keeps each proposal's final decision (its ballots are
 * what a later outcome is evidence about) and holds an outcome that arrives before its proposal is
 * decided until it is. Ground truth can be known while a split proposal is still in its second round,
 * and those contested proposals are where it says the most; dropped, it was lost for them.
 * An outcome about a proposal without a decision (it ended without one, or none came within
 * {@code waitMs} of event time, an unknown proposal among them) becomes a {@code no_decision}
 * rejection: there are no ballots for it to judge, and it does not vanish unseen.
 */
final class OutcomeRelease implements Processor<String, SpecificRecord, String, SpecificRecord> {
    static final String PENDING_STORE = "reputation-pending-outcomes";

    private final long waitMs;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Decision> decided;
    private KeyValueStore<String, Outcome> pending;
    private long nextSweepMs = Long.MIN_VALUE;

    OutcomeRelease(long waitMs) {
        this.waitMs = waitMs;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        decided = context.getStateStore(EvidenceCollector.DECIDED_STORE);
        pending = context.getStateStore(PENDING_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Decision decision) {
            onDecision(record, decision);
        } else if (record.value() instanceof Outcome outcome) {
            String key = Keys.of(outcome.getTenant(), outcome.getProposalId());
            Decision known = decided.get(key);
            if (known == null) {
                // The latest word on a proposal's truth waits; the one it replaces is refused, not lost.
                Outcome replaced = pending.get(key);
                pending.put(key, outcome);
                if (replaced != null) {
                    context.forward(record.withValue(Rejections.of("outcome", replaced.getTenant(), replaced.getProposalId(), null,
                            RejectReason.DUPLICATE, "replaced by a later outcome before the proposal was decided", record.timestamp())));
                }
            } else if (known.getDecision() == null) {
                context.forward(record.withValue(noDecision(outcome, known.getStatus(), record.timestamp())));
            } else {
                context.forward(record);
            }
        }
        sweep(record);
    }

    private void onDecision(Record<String, SpecificRecord> record, Decision decision) {
        if ("escalated".equals(decision.getStatus())) {
            // Not an ending: the arbitration's decision follows.
            context.forward(record);
            return;
        }
        String key = Keys.of(decision.getTenant(), decision.getProposalId());
        boolean hasDecision = EvidenceCollector.DECIDED.contains(decision.getStatus()) && decision.getDecision() != null;
        decided.put(key, kept(decision, hasDecision));
        context.forward(record);
        Outcome early = pending.delete(key);
        if (early != null) {
            context.forward(new Record<>(record.key(), hasDecision ? early : noDecision(early, decision.getStatus(), record.timestamp()),
                    record.timestamp(), record.headers()));
        }
    }

    /**
     * What an outcome needs of its decision: who chose what, how confidently and how suspect, and the
     * posterior; not the justifications, most of a decision's bytes (and of its changelog record). An
     * ending without a decision keeps no ballots at all: later outcomes need only know it ended.
     */
    private static Decision kept(Decision d, boolean hasDecision) {
        List<Ballot> ballots = new ArrayList<>(hasDecision ? d.getBallots().size() : 0);
        if (hasDecision) {
            for (Ballot b : d.getBallots()) {
                ballots.add(new Ballot(b.getAgentId(), b.getChoice(), b.getConfidence(), b.getWeight(), b.getSuspicion(), b.getCastAtMs(), "",
                        b.getAccuracy(), List.of(), b.getVoices()));
            }
        }
        return new Decision(d.getEventId(), d.getTenant(), d.getProposalId(), d.getStatus(), hasDecision ? d.getDecision() : null,
                d.getSupport(), d.getRound(), d.getMode(), d.getParticipants(), d.getEligible(), d.getDistribution(), d.getFlagged(), ballots,
                d.getReason(), d.getThreshold(), d.getProposedAtMs(), d.getLastVoteAtMs(), d.getDecidedAtMs());
    }

    /** Outcomes that waited {@code waitMs} of event time for a decision that never came. */
    private void sweep(Record<String, SpecificRecord> record) {
        long now = context.currentStreamTimeMs();
        if (now < nextSweepMs) {
            return;
        }
        // A full scan, so at most ten times per wait: the store holds only outcomes still waiting.
        nextSweepMs = now + Math.max(1L, waitMs / 10);
        List<KeyValue<String, Outcome>> expired = new ArrayList<>();
        try (KeyValueIterator<String, Outcome> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, Outcome> next = all.next();
                if (next.value.getObservedAtMs() <= now - waitMs) {
                    expired.add(next);
                }
            }
        }
        for (KeyValue<String, Outcome> gone : expired) {
            pending.delete(gone.key);
            context.forward(new Record<>(gone.key, noDecision(gone.value, "none within " + waitMs + " ms", now), now, record.headers()));
        }
    }

    private static SpecificRecord noDecision(Outcome outcome, String why, long atMs) {
        return Rejections.of("outcome", outcome.getTenant(), outcome.getProposalId(), null, RejectReason.NO_DECISION,
                "the proposal has no decision to judge (" + why + ")", atMs);
    }
}
