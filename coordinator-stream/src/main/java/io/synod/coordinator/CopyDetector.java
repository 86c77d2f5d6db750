package io.synod.coordinator;

import io.synod.schemas.Ballot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-duplicate justifications from different agents for the same option in one round: honest
 * agents argue in their own words, a coordinated group pastes one text with small edits. Groups
 * are the connected components of pairs whose word-bigram Jaccard similarity reaches
 * {@code linkSimilarity}; short texts ("Looks right.") carry too little to compare and are skipped.
 * A corroborated group counts as one voter (each member keeps 1/size of its weight; the coordinator
 * decides what corroborates, decision 0094). One coincidence in a round is not proof of collusion,
 * so copying alone down-weights but never quarantines.
 *
 * @param minGroup       agents in a group before it counts as coordinated
 * @param linkSimilarity pairwise similarity that links two justifications
 * @param minBigrams     justifications with fewer word bigrams are not compared
 */
public record CopyDetector(int minGroup, double linkSimilarity, int minBigrams) {
    /** Groups up to this size compare every pair; larger ones only the pairs the prefix filter lets through. */
    static final int EVERY_PAIR_UP_TO = 48;

    /** The coordinated groups, each at least {@code minGroup} ballots. */
    List<List<Ballot>> groups(List<Ballot> ballots, List<String> options) {
        Map<String, List<Ballot>> byChoice = new LinkedHashMap<>();
        for (Ballot ballot : ballots) {
            byChoice.computeIfAbsent(ballot.getChoice(), c -> new ArrayList<>()).add(ballot);
        }
        List<List<Ballot>> groups = new ArrayList<>();
        for (List<Ballot> group : byChoice.values()) {
            if (group.size() >= minGroup) {
                linkedGroups(group, options, groups);
            }
        }
        return groups;
    }

    private void linkedGroups(List<Ballot> group, List<String> options, List<List<Ballot>> groups) {
        int n = group.size();
        long[][] shingles = new long[n][];
        for (int i = 0; i < n; i++) {
            shingles[i] = JustificationSimilarity.bigrams(group.get(i).getJustification(), options);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        if (n <= EVERY_PAIR_UP_TO) {
            linkEveryPair(shingles, parent);
        } else {
            link(shingles, parent);
        }
        Map<Integer, List<Ballot>> components = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            components.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(group.get(i));
        }
        components.values().stream().filter(c -> c.size() >= minGroup).forEach(groups::add);
    }

    /**
     * Joins every pair of comparable justifications whose similarity reaches {@code linkSimilarity} by
     * comparing them all: in a round of tens of voters that is cheaper than building {@link #link}'s index.
     */
    private void linkEveryPair(long[][] shingles, int[] parent) {
        for (int j = 1; j < shingles.length; j++) {
            if (shingles[j].length < minBigrams) {
                continue;
            }
            for (int i = 0; i < j; i++) {
                if (shingles[i].length >= minBigrams && find(parent, i) != find(parent, j)
                        && JustificationSimilarity.reaches(shingles[i], shingles[j], linkSimilarity)) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
    }

    /**
     * Joins every pair of comparable justifications whose similarity reaches {@code linkSimilarity}.
     * Only pairs that can reach it are compared, by prefix filtering: with each set's bigrams ordered
     * rarest first (ties by bigram, any fixed total order will do), two sets of Jaccard similarity t
     * or more share a bigram among the first |x| − ⌈t·|x|⌉ + 1 of each. All pairs made a
     * 10,000-agent round's close quadratic (50 million comparisons, seconds); the result is the same
     * groups. A bigram's frequency and its place in the index come from one sorted array of every
     * comparable set's bigrams, so nothing is boxed or hashed per bigram.
     */
    private void link(long[][] shingles, int[] parent) {
        int total = 0;
        for (long[] set : shingles) {
            if (set.length >= minBigrams) {
                total += set.length;
            }
        }
        long[] all = new long[total];
        int filled = 0;
        for (long[] set : shingles) {
            if (set.length >= minBigrams) {
                System.arraycopy(set, 0, all, filled, set.length);
                filled += set.length;
            }
        }
        Arrays.sort(all);
        // Posting lists by bigram (its first place in all): the sets already indexed under it.
        int[] head = new int[total];
        Arrays.fill(head, -1);
        int[] next = new int[total];
        int[] member = new int[total];
        int postings = 0;
        for (int j = 0; j < shingles.length; j++) {
            long[] set = shingles[j];
            if (set.length < minBigrams) {
                continue;
            }
            long[] ordered = new long[set.length];
            for (int k = 0; k < set.length; k++) {
                int first = firstIndex(all, set[k]);
                int frequency = firstIndex(all, set[k] + 1) - first;
                ordered[k] = (long) frequency << 32 | first;
            }
            Arrays.sort(ordered);
            // At a threshold of 0 every pair links; a longer prefix than the bound only adds candidates.
            int prefix = linkSimilarity <= 0 ? ordered.length
                    : Math.max(1, Math.min(ordered.length, ordered.length - (int) Math.ceil(linkSimilarity * ordered.length - 1e-9) + 1));
            BitSet compared = new BitSet(j);
            for (int k = 0; k < prefix; k++) {
                int bigram = (int) ordered[k];
                for (int posting = head[bigram]; posting >= 0; posting = next[posting]) {
                    int i = member[posting];
                    // Already in one group: linking them again changes nothing.
                    if (!compared.get(i) && find(parent, i) != find(parent, j)) {
                        compared.set(i);
                        if (JustificationSimilarity.reaches(shingles[i], set, linkSimilarity)) {
                            parent[find(parent, i)] = find(parent, j);
                        }
                    }
                }
                member[postings] = j;
                next[postings] = head[bigram];
                head[bigram] = postings++;
            }
        }
        if (linkSimilarity <= 0) {
            // Pairs with no bigram in common have similarity 0: at a threshold of 0 they link too.
            int first = -1;
            for (int j = 0; j < shingles.length; j++) {
                if (shingles[j].length >= minBigrams) {
                    if (first < 0) {
                        first = j;
                    } else {
                        parent[find(parent, first)] = find(parent, j);
                    }
                }
            }
        }
    }

    /** The first place in sorted {@code values} holding {@code value} or more. */
    private static int firstIndex(long[] values, long value) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
