package io.synod.detector;

import io.synod.streams.LruCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the detector remembers of a proposal's rounds for the cross-agent and pattern checks: each
 * accepted vote's choice and justification fingerprint (this round and the one before, for
 * flip-flops), the arrival times of the round's last votes (bursts), and per tenant the typical gap
 * between votes, learned from the votes, so that "many votes within milliseconds" means much faster
 * than this tenant's agents usually vote. Everything is in stores, so restarts and replay agree;
 * the round's fingerprints are cached because only this class writes them.
 */
final class RoundMemory {
    private static final int CACHE_SIZE = 4_096;
    private static final int ARRIVALS_KEPT = 8;

    /** One agent's vote as remembered: its choice and justification fingerprint. */
    record Print(String agentId, String choice, long print, boolean comparable) {
        String encode() {
            return choice + '\t' + print + '\t' + (comparable ? '1' : '0');
        }

        static Print decode(String agentId, String value) {
            String[] parts = value.split("\t", 3);
            return new Print(agentId, parts[0], Long.parseLong(parts[1]), parts.length > 2 && "1".equals(parts[2]));
        }
    }

    private final KeyValueStore<String, String> prints;
    private final KeyValueStore<String, String> arrivals;
    private final Map<String, List<Print>> cache = new LruCache<>(CACHE_SIZE);
    /**
     * The arrivals store's values decoded (a round's recent times, a tenant's gap statistics and
     * norms), read on every vote: only this class writes those keys, so what it last wrote is what
     * the store holds, and parsing the text back each time bought nothing.
     */
    private final Map<String, long[]> arrivalTimes = new LruCache<>(CACHE_SIZE);
    private final Map<String, double[]> tenantStats = new LruCache<>(CACHE_SIZE);

    RoundMemory(KeyValueStore<String, String> prints, KeyValueStore<String, String> arrivals) {
        this.prints = prints;
        this.arrivals = arrivals;
    }

    /** Whether the agent's vote in the round was accepted already (its print is kept until the proposal moves two rounds on). */
    boolean hasVoted(String proposalKey, int round, String agentId) {
        return prints.get(DetectorStores.printKey(proposalKey, round, agentId)) != null;
    }

    /** Fingerprints of the round's earlier votes, in arrival order. */
    List<Print> round(String proposalKey, int round) {
        String prefix = DetectorStores.roundPrefix(proposalKey, round);
        List<Print> cached = cache.get(prefix);
        if (cached == null) {
            cached = new ArrayList<>();
            try (KeyValueIterator<String, String> it = prints.prefixScan(prefix, new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, String> entry = it.next();
                    cached.add(Print.decode(entry.key.substring(prefix.length()), entry.value));
                }
            }
            cache.put(prefix, cached);
        }
        return cached;
    }

    Print previous(String proposalKey, int round, String agentId) {
        if (round <= 1) {
            return null;
        }
        String value = prints.get(DetectorStores.printKey(proposalKey, round - 1, agentId));
        return value == null ? null : Print.decode(agentId, value);
    }

    void remember(String proposalKey, int round, Print print) {
        // The round's list first: read after the put, it would hold this print twice.
        List<Print> earlier = round(proposalKey, round);
        prints.put(DetectorStores.roundPrefix(proposalKey, round) + print.agentId(), print.encode());
        earlier.add(print);
    }

    /**
     * Records the vote's arrival and returns how many of the round's recent votes (this one included)
     * arrived within a burst window: a span far shorter than the tenant's typical gap between votes.
     * Returns 1 until the typical gap is known from at least {@code minGaps} gaps.
     */
    int arrive(String tenant, String proposalKey, int round, long atMs, int minGaps, double burstFraction) {
        String roundKey = DetectorStores.roundPrefix(proposalKey, round);
        long[] times = arrivalTimes.get(roundKey);
        if (times == null) {
            times = parse(arrivals.get(roundKey));
        }
        String statsKey = "\u0001" + tenant;
        double[] stats = tenantStats.get(statsKey);
        if (stats == null) {
            stats = parseStats(arrivals.get(statsKey));
            tenantStats.put(statsKey, stats);
        }
        if (times.length > 0) {
            long gap = Math.max(0L, atMs - times[times.length - 1]);
            stats[0] += 1;
            stats[1] += Math.log1p(gap);
            arrivals.put(statsKey, (long) stats[0] + "," + stats[1]);
        }
        long[] next = new long[Math.min(ARRIVALS_KEPT, times.length + 1)];
        System.arraycopy(times, times.length - (next.length - 1), next, 0, next.length - 1);
        next[next.length - 1] = atMs;
        arrivals.put(roundKey, join(next));
        arrivalTimes.put(roundKey, next);
        if (stats[0] < minGaps) {
            return 1;
        }
        double typicalGap = Math.expm1(stats[1] / stats[0]);
        double window = typicalGap * burstFraction;
        int inBurst = 1;
        for (int i = next.length - 2; i >= 0 && atMs - next[i] <= window; i--) {
            inBurst++;
        }
        return inBurst;
    }

    /**
     * The tenant's habits so far, before counting this vote: how common terse justifications and
     * terse-but-extremely-confident votes are. A finding that most of a tenant's agents would
     * trigger (a dataset without justifications, every confidence left at its default 1.0) says
     * nothing about one of them. Counts are halved past 10,000 votes, so habits can change.
     */
    TenantNorms norms(String tenant, boolean terse, boolean extremeTerse) {
        String key = "\u0002" + tenant;
        double[] counts = tenantStats.get(key);
        if (counts == null) {
            String value = arrivals.get(key);
            counts = value == null ? new double[3] : java.util.Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
            tenantStats.put(key, counts);
        }
        TenantNorms norms = new TenantNorms((long) counts[0], counts[0] == 0 ? 0 : counts[1] / counts[0], counts[0] == 0 ? 0 : counts[2] / counts[0]);
        counts[0] += 1;
        counts[1] += terse ? 1 : 0;
        counts[2] += extremeTerse ? 1 : 0;
        if (counts[0] > 10_000) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] /= 2;
            }
        }
        arrivals.put(key, counts[0] + "," + counts[1] + "," + counts[2]);
        return norms;
    }

    /** How common terse and terse-but-extreme votes are in a tenant. */
    record TenantNorms(long votes, double terseShare, double extremeTerseShare) {
        static final TenantNorms UNKNOWN = new TenantNorms(0, 0, 0);

        /** Rare enough in this tenant to be a signal about the one agent doing it. */
        static boolean unusual(long votes, double share) {
            return votes >= 100 && share < 0.2;
        }
    }

    /**
     * A round just opened has no prints yet, so its list starts empty without a scan (on RocksDB a scan
     * for a new round's keys walks the tombstones of the rounds forgotten before it).
     */
    void opened(String proposalKey, int round) {
        cache.put(DetectorStores.roundPrefix(proposalKey, round), new ArrayList<>());
    }

    void forgetRound(String proposalKey, int round) {
        if (round < 1) {
            return;
        }
        String prefix = DetectorStores.roundPrefix(proposalKey, round);
        // A cached list is the round's every print (read whole, then added to on each remember), so it names the keys.
        List<Print> cached = cache.get(prefix);
        if (cached != null) {
            for (Print print : cached) {
                prints.delete(prefix + print.agentId());
            }
        } else {
            DetectorStores.deletePrefix(prints, prefix);
        }
        arrivals.delete(prefix);
        cache.remove(prefix);
        arrivalTimes.remove(prefix);
    }

    private static long[] parse(String value) {
        if (value == null || value.isEmpty()) {
            return new long[0];
        }
        String[] parts = value.split(",");
        long[] times = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            times[i] = Long.parseLong(parts[i]);
        }
        return times;
    }

    private static double[] parseStats(String value) {
        if (value == null) {
            return new double[] {0, 0};
        }
        String[] parts = value.split(",");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    private static String join(long[] times) {
        StringBuilder out = new StringBuilder();
        for (long time : times) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(time);
        }
        return out.toString();
    }
}
