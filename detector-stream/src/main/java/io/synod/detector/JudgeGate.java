package io.synod.detector;

import io.synod.config.SynodConfig;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.streams.LruCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds scored votes while the optional LLM judge rates their justifications, without ever
 * blocking the stream thread: requests go out asynchronously in batches, answers land in a map,
 * and the votes leave in arrival order from {@link #release} (called on every record and by a
 * wall-clock punctuator) once rated, or unrated once the timeout passed or the circuit breaker is
 * open. Held votes live in a changelogged store, so after a crash they are restored and released
 * (re-rated or timed out) rather than lost; ratings are cached by text.
 */
final class JudgeGate {
    static final String INCOHERENT = "judge_incoherent";
    static final String UNSUPPORTED = "judge_unsupported_choice";

    /** Configuration of the judge; {@link #open} binds it to a processor. */
    record Factory(String url, String model, String apiKey, long timeoutMs, int batchSize, int breakerFailures, long breakerOpenMs,
                   int maxPending, double flagThreshold) {
        static Factory from(SynodConfig config) {
            if (!config.getBoolean("detector.judge.enabled") || config.get("detector.judge.url").isBlank()) {
                return null;
            }
            return new Factory(config.get("detector.judge.url"), config.get("detector.judge.model"), config.get("detector.judge.api.key"),
                    config.getLong("detector.judge.timeout.ms"), config.getInt("detector.judge.batch.size"),
                    config.getInt("detector.judge.breaker.failures"), config.getLong("detector.judge.breaker.open.ms"),
                    config.getInt("detector.judge.max.pending"), config.getDouble("consensus.flag.suspicion"));
        }

        JudgeGate open(ProcessorContext<String, SpecificRecord> context, String sink) {
            return new JudgeGate(this, new JudgeClient(url, model, apiKey, Duration.ofMillis(timeoutMs)), context, sink);
        }
    }

    private final Factory settings;
    private final JudgeClient client;
    private final ProcessorContext<String, SpecificRecord> context;
    private final String sink;
    private final KeyValueStore<String, ScoredVote> pending;
    private final CircuitBreaker breaker;
    private final Map<String, JudgeClient.Rating> cache = new LruCache<>(10_000);
    private final Map<String, JudgeClient.Rating> answered = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failed = new ConcurrentHashMap<>();
    private final Map<String, Long> heldSinceMs = new HashMap<>();
    private final Map<String, String> keyOf = new HashMap<>();
    private final List<String> batch = new ArrayList<>();
    private final Map<String, JudgeClient.Item> items = new HashMap<>();
    private long sequence;

    private JudgeGate(Factory settings, JudgeClient client, ProcessorContext<String, SpecificRecord> context, String sink) {
        this.settings = settings;
        this.client = client;
        this.context = context;
        this.sink = sink;
        this.pending = context.getStateStore(DetectorStores.PENDING);
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenMs());
        restore();
        context.schedule(Duration.ofMillis(Math.max(5, Math.min(50, settings.timeoutMs() / 4))), PunctuationType.WALL_CLOCK_TIME,
                now -> release(true));
    }

    /** Takes the vote if it should wait for the judge; false means forward it now. */
    boolean hold(String key, RoundOpened round, ScoredVote vote, long atMs) {
        long now = context.currentSystemTimeMs();
        String justification = vote.getVote().getJustification();
        if (justification == null || justification.isBlank() || heldSinceMs.size() >= settings.maxPending() || breaker.isOpen(now)) {
            return false;
        }
        String id = String.format("%016x", sequence++);
        pending.put(id, vote);
        heldSinceMs.put(id, now);
        keyOf.put(id, key);
        JudgeClient.Item item = new JudgeClient.Item(round.getText(), vote.getVote().getChoice(), justification);
        JudgeClient.Rating cached;
        synchronized (cache) {
            cached = cache.get(cacheKey(item));
        }
        if (cached != null) {
            answered.put(id, cached);
        } else {
            items.put(id, item);
            batch.add(id);
            if (batch.size() >= settings.batchSize()) {
                send();
            }
        }
        release(false);
        return true;
    }

    /** Forwards, in arrival order, every held vote whose rating arrived or whose wait timed out. */
    void release(boolean flush) {
        if (flush && !batch.isEmpty()) {
            send();
        }
        if (heldSinceMs.isEmpty()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        List<KeyValue<String, ScoredVote>> ready = new ArrayList<>();
        try (KeyValueIterator<String, ScoredVote> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, ScoredVote> entry = it.next();
                JudgeClient.Rating rating = answered.get(entry.key);
                boolean timedOut = now - heldSinceMs.getOrDefault(entry.key, now) >= settings.timeoutMs()
                        || failed.containsKey(entry.key);
                if (rating == null && !timedOut) {
                    break;
                }
                ready.add(new KeyValue<>(entry.key, rating == null ? entry.value : apply(entry.value, rating)));
            }
        }
        for (KeyValue<String, ScoredVote> out : ready) {
            String key = keyOf.remove(out.key);
            pending.delete(out.key);
            heldSinceMs.remove(out.key);
            answered.remove(out.key);
            failed.remove(out.key);
            items.remove(out.key);
            context.forward(new Record<>(key, out.value, out.value.getScoredAtMs()), sink);
        }
    }

    void close() {
        // Outstanding HTTP calls complete into maps nobody reads; held votes stay in the store for the next owner.
    }

    private void send() {
        List<String> ids = List.copyOf(batch);
        batch.clear();
        long now = context.currentSystemTimeMs();
        if (!breaker.allows(now)) {
            ids.forEach(id -> failed.put(id, true));
            return;
        }
        List<JudgeClient.Item> requested = ids.stream().map(items::get).toList();
        client.rate(requested).whenComplete((ratings, error) -> {
            if (error != null) {
                breaker.failure(System.currentTimeMillis());
                ids.forEach(id -> failed.put(id, true));
                return;
            }
            breaker.success();
            for (int i = 0; i < ids.size(); i++) {
                answered.put(ids.get(i), ratings.get(i));
                synchronized (cache) {
                    cache.put(cacheKey(requested.get(i)), ratings.get(i));
                }
            }
        });
    }

    /** Weak findings: they add to the suspicion but, like every weak finding, cannot exclude a vote on their own. */
    private ScoredVote apply(ScoredVote vote, JudgeClient.Rating rating) {
        double keep = 1.0 - vote.getSuspicion();
        TreeSet<String> reasons = new TreeSet<>(vote.getReasons());
        if (rating.coherence() < 0.3) {
            keep *= 0.8;
            reasons.add(INCOHERENT);
        }
        if (!rating.supportsChoice()) {
            keep *= 0.8;
            reasons.add(UNSUPPORTED);
        }
        double suspicion = 1.0 - keep;
        if (vote.getSuspicion() < settings.flagThreshold()) {
            suspicion = Math.min(suspicion, 0.9 * settings.flagThreshold());
        }
        return ScoredVote.newBuilder(vote).setSuspicion(suspicion).setReasons(List.copyOf(reasons)).build();
    }

    /** Votes held when the previous owner of this task stopped: wait once more, re-rated. */
    private void restore() {
        KeyValueStore<String, RoundOpened> rounds = context.getStateStore(DetectorStores.ROUNDS);
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, ScoredVote> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, ScoredVote> entry = it.next();
                ScoredVote vote = entry.value;
                heldSinceMs.put(entry.key, now);
                String key = io.synod.keys.Keys.of(vote.getVote().getTenant(), vote.getVote().getProposalId());
                keyOf.put(entry.key, key);
                // The proposal's text is in the round it was held in, if that round is still open.
                RoundOpened round = rounds.get(key);
                items.put(entry.key, new JudgeClient.Item(round == null ? "" : round.getText(), vote.getVote().getChoice(),
                        vote.getVote().getJustification()));
                batch.add(entry.key);
                sequence = Math.max(sequence, Long.parseUnsignedLong(entry.key, 16) + 1);
            }
        }
    }

    private static String cacheKey(JudgeClient.Item item) {
        return item.proposal() + '\u0000' + item.choice() + '\u0000' + item.justification();
    }
}
