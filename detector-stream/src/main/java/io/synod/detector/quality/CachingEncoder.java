package io.synod.detector.quality;

import io.synod.streams.LruCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds only what it has not embedded recently, all misses of a call in one batch: proposal texts
 * repeat for every vote on the proposal, and copied justifications repeat by definition.
 */
public final class CachingEncoder implements SentenceEncoder {
    private final SentenceEncoder delegate;
    private final Map<String, float[]> cache;
    private long hits;
    private long misses;

    public CachingEncoder(SentenceEncoder delegate, int size) {
        this.delegate = delegate;
        this.cache = new LruCache<>(size);
    }

    @Override
    public synchronized List<float[]> embed(List<String> texts) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (String text : texts) {
            if (!cache.containsKey(text)) {
                missing.putIfAbsent(text, missing.size());
            }
        }
        if (!missing.isEmpty()) {
            List<String> batch = new ArrayList<>(missing.keySet());
            List<float[]> vectors = delegate.embed(batch);
            for (int i = 0; i < batch.size(); i++) {
                cache.put(batch.get(i), vectors.get(i));
            }
        }
        misses += missing.size();
        hits += texts.size() - missing.size();
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(cache.get(text));
        }
        return out;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
