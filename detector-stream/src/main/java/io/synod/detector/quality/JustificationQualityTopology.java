package io.synod.detector.quality;

import io.synod.config.SynodConfig;
import io.synod.schemas.JustificationQuality;
import io.synod.schemas.internal.EmbeddingHistory;
import io.synod.schemas.internal.JustificationSample;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The detector's asynchronous side path (decision 0011): scored votes and rounds -> samples keyed by
 * agent -> sentence embeddings at the model's own pace -> agent.justification.quality, which
 * reputation-stream folds into each agent's profile and the detector reads back through
 * agent.reputation. A separate application, so a slow model never holds up a vote.
 */
public final class JustificationQualityTopology {

    private JustificationQualityTopology() {
    }

    /** The two processors and their stores, for {@link #build} and for replay, which runs them synchronously. */
    public record Parts(ProcessorSupplier<String, SpecificRecord, String, JustificationSample> sampler, List<StoreBuilder<?>> samplerStores,
                        ProcessorSupplier<String, JustificationSample, String, JustificationQuality> embedder,
                        List<StoreBuilder<?>> embedderStores) {
    }

    public static Parts parts(Topics topics, SynodConfig config, SentenceEncoder encoder, StoreKinds stores, boolean synchronous) {
        int batch = config.getInt("detector.embeddings.batch.size");
        long interval = config.getLong("detector.embeddings.agent.interval.ms");
        long warmup = config.getLong("detector.embeddings.agent.warmup");
        return new Parts(QualitySampler::new,
                List.of(stores.keyValue(QualitySampler.TEXTS_STORE, Serdes.String(), Serdes.String())),
                () -> new QualityEmbedder(encoder, batch, interval, warmup, synchronous),
                List.of(stores.keyValue(QualityEmbedder.HISTORY_STORE, Serdes.String(), topics.serde(EmbeddingHistory.class)),
                        stores.keyValue(QualityEmbedder.PENDING_STORE, Serdes.String(), topics.serde(JustificationSample.class))));
    }

    public static SentenceEncoder defaultEncoder(SynodConfig config) {
        return new CachingEncoder(new BgeSentenceEncoder(), config.getInt("detector.embeddings.cache.size"));
    }

    public static Topology build(Topics topics, SynodConfig config, SentenceEncoder encoder, StoreKinds stores) {
        Parts parts = parts(topics, config, encoder, stores, false);
        StreamsBuilder builder = new StreamsBuilder();
        parts.samplerStores().forEach(builder::addStateStore);
        parts.embedderStores().forEach(builder::addStateStore);
        KStream<String, SpecificRecord> votes = builder.stream(topics.votesScored.name(), topics.votesScored.consumed("quality-scored-votes-source"))
                .mapValues(value -> (SpecificRecord) value, Named.as("quality-votes-as-input"));
        KStream<String, SpecificRecord> rounds = builder.stream(topics.rounds.name(), topics.rounds.consumed("quality-rounds-source"))
                .mapValues(value -> (SpecificRecord) value, Named.as("quality-rounds-as-input"));
        KStream<String, SpecificRecord> decisions = builder.stream(topics.decisions.name(), topics.decisions.consumed("quality-decisions-source"))
                .mapValues(value -> (SpecificRecord) value, Named.as("quality-decisions-as-input"));
        rounds.merge(decisions, Named.as("quality-proposal-events")).merge(votes, Named.as("quality-input"))
                .process(parts.sampler(), Named.as("quality-sampler"), QualitySampler.TEXTS_STORE)
                .repartition(Repartitioned.<String, JustificationSample>as("quality-samples-by-agent")
                        .withKeySerde(Serdes.String()).withValueSerde(topics.serde(JustificationSample.class)))
                .process(parts.embedder(), Named.as("quality-embedder"), QualityEmbedder.HISTORY_STORE, QualityEmbedder.PENDING_STORE)
                .to(topics.justificationQuality.name(), topics.justificationQuality.produced("quality-sink"));
        return builder.build();
    }
}
