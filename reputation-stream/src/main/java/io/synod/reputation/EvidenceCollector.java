package io.synod.reputation;

import io.synod.events.Choices;
import io.synod.keys.Keys;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.internal.ReputationSignal;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by proposal: turns each final decision into one signal per counted ballot (agreed or not
 * with the decision) and one per flagged agent, and keeps the decision so that a later ground-truth
 * outcome can be turned into signals too. Signals are re-keyed by tenant/agent.
 */
final class EvidenceCollector implements Processor<String, SpecificRecord, String, ReputationSignal> {
    static final String DECIDED_STORE = "reputation-decided-proposals";
    private static final Set<String> DECIDED = Set.of("achieved", "fallback", "arbitrated");

    private ProcessorContext<String, ReputationSignal> context;
    private KeyValueStore<String, Decision> decided;

    @Override
    public void init(ProcessorContext<String, ReputationSignal> context) {
        this.context = context;
        decided = context.getStateStore(DECIDED_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Decision decision) {
            onDecision(record, decision);
        } else if (record.value() instanceof Outcome outcome) {
            onOutcome(record, outcome);
        }
    }

    private void onDecision(Record<String, SpecificRecord> record, Decision decision) {
        String key = Keys.of(decision.getTenant(), decision.getProposalId());
        for (String agent : decision.getFlagged()) {
            forward(record, signal(decision.getTenant(), agent, "flag", decision.getProposalId(), false, 1.0, decision.getDecidedAtMs()));
        }
        if (!DECIDED.contains(decision.getStatus()) || decision.getDecision() == null) {
            return;
        }
        decided.put(key, decision);
        emitAgreement(record, decision, decision.getDecision(), "decision", decision.getDecidedAtMs());
    }

    private void onOutcome(Record<String, SpecificRecord> record, Outcome outcome) {
        Decision decision = decided.get(Keys.of(outcome.getTenant(), outcome.getProposalId()));
        if (decision == null) {
            return;
        }
        emitAgreement(record, decision, outcome.getTruth(), "outcome", outcome.getObservedAtMs());
    }

    private void emitAgreement(Record<String, SpecificRecord> record, Decision decision, String answer, String kind, long atMs) {
        List<String> flagged = decision.getFlagged();
        for (Ballot ballot : decision.getBallots()) {
            if (Choices.ABSTAIN.equals(ballot.getChoice()) || flagged.contains(ballot.getAgentId())) {
                continue;
            }
            forward(record, signal(decision.getTenant(), ballot.getAgentId(), kind, decision.getProposalId(),
                    answer.equals(ballot.getChoice()), ballot.getConfidence(), atMs));
        }
    }

    private void forward(Record<String, SpecificRecord> record, ReputationSignal signal) {
        context.forward(new Record<>(Keys.of(signal.getTenant(), signal.getAgentId()), signal, record.timestamp(), record.headers()));
    }

    private static ReputationSignal signal(String tenant, String agent, String kind, String proposalId, boolean agreed,
                                           double confidence, long atMs) {
        return ReputationSignal.newBuilder().setTenant(tenant).setAgentId(agent).setKind(kind).setProposalId(proposalId)
                .setAgreed(agreed).setConfidence(confidence).setAtMs(atMs).build();
    }
}
