package io.synod.reputation;

import io.synod.events.DecisionStatuses;
import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.streams.DueIndex;
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
 * rejection: there are no ballots for it to judge, and it does not vanish unseen. With
 * {@code consensus.ended.retention.ms} set, decisions are kept that long in event time after they were
 * made, then forgotten: an outcome later than that waits like an early one and is rejected the same way.
 */
final class OutcomeRelease implements Processor<String, SpecificRecord, String, SpecificRecord> {
    static final String PENDING_STORE = "reputation-pending-outcomes";
    /** When each kept decision is forgotten ({@link DueIndex}): consensus.ended.retention.ms after it was made. */
    static final String EXPIRY_STORE = "reputation-decided-expiry";

    private final long waitMs;
    private final long keepDecidedMs;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Decision> decided;
    private KeyValueStore<String, Outcome> pending;
    private DueIndex expiry;
    private long nextSweepMs = Long.MIN_VALUE;

    OutcomeRelease(ReputationTopology.Retention retention) {
        this.waitMs = retention.outcomeWaitMs();
        this.keepDecidedMs = retention.decidedMs();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        decided = context.getStateStore(EvidenceCollector.DECIDED_STORE);
        pending = context.getStateStore(PENDING_STORE);
        expiry = new DueIndex(context.getStateStore(EXPIRY_STORE));
        nextSweepMs = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        forgetExpired();
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
        boolean hasDecision = DecisionStatuses.REACHED.contains(decision.getStatus()) && decision.getDecision() != null;
        decided.put(key, kept(decision, hasDecision));
        if (keepDecidedMs > 0) {
            expiry.schedule(key, forgetAt(decision));
        }
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

    private long forgetAt(Decision decision) {
        return DueIndex.after(decision.getDecidedAtMs(), keepDecidedMs);
    }

    /**
     * Decisions kept longer than the retention, by stream time. An entry whose proposal has since been
     * decided again (its id reused after the coordinator forgot it) leaves the newer decision alone.
     */
    private void forgetExpired() {
        expiry.takeDueBefore(context.currentStreamTimeMs(), (key, dueMs) -> {
            Decision kept = decided.get(key);
            if (kept != null && forgetAt(kept) == dueMs) {
                decided.delete(key);
            }
        });
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
            context.forward(new Record<>(gone.key, noDecision(gone.value, "none within " + waitMs
                    + " ms, or it was decided more than consensus.ended.retention.ms ago", now), now, record.headers()));
        }
    }

    private static SpecificRecord noDecision(Outcome outcome, String why, long atMs) {
        return Rejections.of("outcome", outcome.getTenant(), outcome.getProposalId(), null, RejectReason.NO_DECISION,
                "the proposal has no decision to judge (" + why + ")", atMs);
    }
}
