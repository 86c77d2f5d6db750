package io.synod.detector.quality;

import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.schemas.internal.JustificationSample;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by proposal, on the side path: remembers each open proposal's text (from its rounds) and
 * turns every scored vote with a justification into a sample keyed by agent, carrying the text the
 * justification should be relevant to. Nothing here touches the vote path.
 */
final class QualitySampler implements Processor<String, SpecificRecord, String, JustificationSample> {
    static final String TEXTS_STORE = "quality-proposal-texts";

    private ProcessorContext<String, JustificationSample> context;
    private KeyValueStore<String, String> texts;

    @Override
    public void init(ProcessorContext<String, JustificationSample> context) {
        this.context = context;
        texts = context.getStateStore(TEXTS_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() instanceof RoundOpened round) {
            texts.put(record.key(), round.getText() == null ? "" : round.getText());
        } else if (record.value() instanceof Decision decision && !"escalated".equals(decision.getStatus())) {
            texts.delete(record.key());
        } else if (record.value() instanceof ScoredVote scored) {
            Vote vote = scored.getVote();
            if (vote.getJustification() == null || vote.getJustification().isBlank()) {
                return;
            }
            String text = texts.get(record.key());
            JustificationSample sample = JustificationSample.newBuilder().setTenant(vote.getTenant()).setAgentId(vote.getAgentId())
                    .setProposalId(vote.getProposalId()).setProposalText(text == null ? "" : text)
                    .setJustification(vote.getJustification()).setAtMs(record.timestamp()).build();
            context.forward(new Record<>(Keys.of(vote.getTenant(), vote.getAgentId()), sample, record.timestamp()));
        }
    }
}
