package io.synod.detector.quality;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * BAAI bge-small-en-v1.5, int8-quantized, run in process by ONNX Runtime: the model and its
 * tokenizer ship inside the langchain4j Maven artifact, so nothing is downloaded at run time.
 * 384 dimensions; loaded once per JVM, on first use.
 */
public final class BgeSentenceEncoder implements SentenceEncoder {
    private static volatile EmbeddingModel model;

    private static EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (BgeSentenceEncoder.class) {
                if (model == null) {
                    model = new BgeSmallEnV15QuantizedEmbeddingModel();
                }
                loaded = model;
            }
        }
        return loaded;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text.isBlank() ? "(empty)" : text));
        }
        List<Embedding> embeddings = model().embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        embeddings.forEach(embedding -> vectors.add(embedding.vector()));
        return vectors;
    }
}
