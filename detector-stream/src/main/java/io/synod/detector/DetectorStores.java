package io.synod.detector;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Names and key layouts of the detector's state stores. */
final class DetectorStores {
    /** tenant/proposal -> the proposal's current round. */
    static final String ROUNDS = "detector-rounds";
    /** tenant/proposal -> decision time, for proposals that have ended. */
    static final String CLOSED = "detector-closed";
    /** When each ended proposal's mark is dropped ({@link io.synod.streams.DueIndex}): consensus.ended.retention.ms after it ended. */
    static final String CLOSED_EXPIRY = "detector-closed-expiry";
    /** tenant/proposal NUL event id -> cast time, to refuse a vote replayed under the same id. */
    static final String VOTE_IDS = "detector-vote-ids";
    /** tenant/agent -> registration (global). */
    static final String REGISTRY = io.synod.streams.GlobalStores.REGISTRY;
    /** tenant/agent -> reputation with the agent's detection profile (global, from agent.reputation). */
    static final String REPUTATION = io.synod.streams.GlobalStores.REPUTATION;
    /**
     * tenant/proposal NUL round NUL agent -> choice and justification fingerprint of an accepted vote;
     * its presence is also what refuses the agent's second vote in the round.
     */
    static final String PRINTS = "detector-round-prints";
    /** tenant/proposal NUL round NUL -> the round's last arrival times; SOH tenant -> the tenant's gap statistics. */
    static final String ARRIVALS = "detector-arrivals";
    /** sequence number -> a scored vote waiting for the LLM judge (changelogged, so a crash loses none). */
    static final String PENDING = "detector-pending-judgement";

    private DetectorStores() {
    }

    static String roundPrefix(String proposalKey, int round) {
        return proposalKey + '\u0000' + round + '\u0000';
    }

    static String voteIdPrefix(String proposalKey) {
        return proposalKey + '\u0000';
    }

    static String printKey(String proposalKey, int round, String agentId) {
        return roundPrefix(proposalKey, round) + agentId;
    }

    /** Deletes every key under the prefix, found by a scan (the keys first, so nothing is deleted under an open iterator). */
    static <V> void deletePrefix(KeyValueStore<String, V> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(store::delete);
    }
}
