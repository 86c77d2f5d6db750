package io.synod.detector.quality;

import io.synod.schemas.JustificationQuality;
import io.synod.schemas.internal.EmbeddingHistory;
import io.synod.schemas.internal.JustificationSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by agent, on the side path: embeds a sample of each agent's justifications — its first
 * {@code warmup}, then at most one per {@code intervalMs} of event time — because per-agent quality
 * needs a sample, not every vote, and a 100-texts-per-second model could not keep up with every
 * vote. Sampled justifications wait in a changelogged store and are embedded in batches (with their
 * proposals' texts, cached) when the batch is full or the wall-clock punctuator fires; each yields
 * its relevance to the proposal and its highest similarity to the agent's own recent justifications
 * on other proposals. With {@code flushEachRecord} (replay) every sample is embedded at once, in
 * input order, so the output is deterministic.
 */
final class QualityEmbedder implements Processor<String, JustificationSample, String, JustificationQuality> {
    static final String HISTORY_STORE = "quality-agents";
    static final String PENDING_STORE = "quality-pending";
    private static final int KEPT = 8;

    private final SentenceEncoder encoder;
    private final int batchSize;
    private final long intervalMs;
    private final long warmup;
    private final boolean flushEachRecord;
    private ProcessorContext<String, JustificationQuality> context;
    private KeyValueStore<String, EmbeddingHistory> history;
    private KeyValueStore<String, JustificationSample> pending;
    private long sequence;
    private int waiting;

    QualityEmbedder(SentenceEncoder encoder, int batchSize, long intervalMs, long warmup, boolean flushEachRecord) {
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.intervalMs = intervalMs;
        this.warmup = warmup;
        this.flushEachRecord = flushEachRecord;
    }

    @Override
    public void init(ProcessorContext<String, JustificationQuality> context) {
        this.context = context;
        history = context.getStateStore(HISTORY_STORE);
        pending = context.getStateStore(PENDING_STORE);
        try (KeyValueIterator<String, JustificationSample> it = pending.all()) {
            while (it.hasNext()) {
                sequence = Math.max(sequence, Long.parseUnsignedLong(it.next().key, 16) + 1);
                waiting++;
            }
        }
        if (!flushEachRecord) {
            context.schedule(Duration.ofMillis(200), PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }
    }

    @Override
    public void process(Record<String, JustificationSample> record) {
        JustificationSample sample = record.value();
        if (record.key() == null || sample == null) {
            return;
        }
        EmbeddingHistory agent = history.get(record.key());
        if (agent == null) {
            agent = EmbeddingHistory.newBuilder().build();
        }
        boolean due = agent.getSamples() < warmup || sample.getAtMs() - agent.getLastSampledAtMs() >= intervalMs;
        if (!due) {
            return;
        }
        history.put(record.key(), EmbeddingHistory.newBuilder(agent).setSamples(agent.getSamples() + 1)
                .setLastSampledAtMs(sample.getAtMs()).build());
        pending.put(String.format("%016x", sequence++), sample);
        waiting++;
        if (flushEachRecord || waiting >= batchSize) {
            flush();
        }
    }

    /** Embeds every waiting sample in one batch and forwards the quality observations in arrival order. */
    void flush() {
        if (waiting == 0) {
            return;
        }
        List<KeyValue<String, JustificationSample>> batch = new ArrayList<>();
        try (KeyValueIterator<String, JustificationSample> it = pending.all()) {
            it.forEachRemaining(batch::add);
        }
        List<String> texts = new ArrayList<>(batch.size() * 2);
        for (KeyValue<String, JustificationSample> entry : batch) {
            texts.add(entry.value.getJustification());
            texts.add(entry.value.getProposalText().isBlank() ? entry.value.getJustification() : entry.value.getProposalText());
        }
        List<float[]> vectors = encoder.embed(texts);
        for (int i = 0; i < batch.size(); i++) {
            JustificationSample sample = batch.get(i).value;
            float[] justification = vectors.get(2 * i);
            double relevance = sample.getProposalText().isBlank() ? 1.0 : SentenceEncoder.cosine(justification, vectors.get(2 * i + 1));
            String agentKey = io.synod.keys.Keys.of(sample.getTenant(), sample.getAgentId());
            EmbeddingHistory agent = history.get(agentKey);
            double selfSimilarity = 0.0;
            List<String> proposals = new ArrayList<>(agent.getProposals());
            List<ByteBuffer> kept = new ArrayList<>(agent.getVectors());
            for (int j = 0; j < kept.size(); j++) {
                if (!proposals.get(j).equals(sample.getProposalId())) {
                    selfSimilarity = Math.max(selfSimilarity, SentenceEncoder.cosine(justification, decode(kept.get(j))));
                }
            }
            proposals.add(0, sample.getProposalId());
            kept.add(0, encode(justification));
            while (kept.size() > KEPT) {
                kept.remove(kept.size() - 1);
                proposals.remove(proposals.size() - 1);
            }
            history.put(agentKey, EmbeddingHistory.newBuilder(agent).setProposals(proposals).setVectors(kept).build());
            pending.delete(batch.get(i).key);
            JustificationQuality quality = JustificationQuality.newBuilder().setTenant(sample.getTenant()).setAgentId(sample.getAgentId())
                    .setProposalId(sample.getProposalId()).setRelevance(relevance).setSelfSimilarity(selfSimilarity)
                    .setAtMs(sample.getAtMs()).build();
            context.forward(new Record<>(agentKey, quality, sample.getAtMs()));
        }
        waiting = 0;
    }

    static ByteBuffer encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        buffer.flip();
        return buffer;
    }

    static float[] decode(ByteBuffer bytes) {
        ByteBuffer buffer = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[buffer.remaining() / 4];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = buffer.getFloat();
        }
        return vector;
    }
}
