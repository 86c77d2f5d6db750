package io.synod.reputation;

import io.synod.schemas.Reputation;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.ReputationSignal;
import io.synod.streams.LruCache;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by agent: applies each signal to the agent's reputation, keeps the agent's agreement with
 * its co-voters to catch collusion, and publishes the new reputation.
 *
 * <p>This processor is the only reader and writer of its two stores, so it keeps the values it
 * last wrote, decoded, in a write-through cache: an agent's reputation and co-voter evidence change
 * on nearly every signal, and decoding them again from the store was a third of replay's time.
 * Cached reputations are never mutated (the policy builds new ones); co-voter evidence is kept as a
 * {@link PeerBook}, changed in place and written after every change. The caches start empty on
 * every (re)start, after the stores are restored.
 */
final class ReputationUpdater implements Processor<String, ReputationSignal, String, Reputation> {
    static final String STORE = "reputation-store";
    static final String PEERS_STORE = "reputation-peers";
    private static final int CACHE_SIZE = 8_192;

    private final ReputationPolicy policy;
    private final CollusionCheck collusion;
    private final Map<String, Reputation> cachedReputations = new LruCache<>(CACHE_SIZE);
    private final Map<String, PeerBook> books = new LruCache<>(CACHE_SIZE);
    private ProcessorContext<String, Reputation> context;
    private KeyValueStore<String, Reputation> store;
    private KeyValueStore<String, PeerEvidence> peers;

    ReputationUpdater(ReputationPolicy policy, CollusionCheck collusion) {
        this.policy = policy;
        this.collusion = collusion;
    }

    @Override
    public void init(ProcessorContext<String, Reputation> context) {
        this.context = context;
        store = context.getStateStore(STORE);
        peers = context.getStateStore(PEERS_STORE);
        // A task revived after a failure keeps its processors and restores its stores to the last
        // commit: what the caches hold from the aborted work must not outlive that.
        cachedReputations.clear();
        books.clear();
    }

    @Override
    public void process(Record<String, ReputationSignal> record) {
        ReputationSignal signal = record.value();
        if (record.key() == null || signal == null) {
            return;
        }
        Reputation current = cachedReputations.get(record.key());
        if (current == null) {
            current = store.get(record.key());
        }
        if (current == null) {
            current = policy.initial(signal.getTenant(), signal.getAgentId(), signal.getAtMs());
        }
        Reputation next = policy.apply(current, signal);
        if ("reset".equals(signal.getKind())) {
            // A fresh start forgets the co-voting evidence too, or the same verdict would return at once.
            peers.delete(record.key());
            books.remove(record.key());
            next = withEchoes(next, current, java.util.List.of());
        }
        if (!signal.getPeers().isEmpty()) {
            PeerBook book = books.get(record.key());
            if (book == null) {
                book = collusion.open(peers.get(record.key()));
                books.put(record.key(), book);
            }
            collusion.record(book, signal.getPeers());
            peers.put(record.key(), book.evidence());
            if (!next.getFlagged() && collusion.isColluding(book, CollusionCheck.ownRate(next), CollusionCheck.ownTopShare(next.getProfile()))) {
                next = policy.apply(next, ReputationSignal.newBuilder(signal).setKind("flag").setReason("collusion").setPeers(java.util.List.of()).build());
            }
            next = withEchoes(next, current, collusion.echoes(book));
        }
        store.put(record.key(), next);
        cachedReputations.put(record.key(), next);
        context.forward(record.withValue(next));
    }

    /** {@code next} with these echoes; the policy may hand back the cached record unchanged, and cached records are never mutated. */
    private static Reputation withEchoes(Reputation next, Reputation current, java.util.List<String> echoes) {
        if (echoes.equals(next.getEchoes())) {
            return next;
        }
        Reputation changed = next == current ? RecordCopies.copy(next) : next;
        changed.setEchoes(echoes);
        return changed;
    }
}
