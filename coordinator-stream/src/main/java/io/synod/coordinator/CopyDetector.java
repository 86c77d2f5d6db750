package io.synod.coordinator;

import io.synod.schemas.Ballot;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Near-duplicate justifications from different agents for the same option in one round: honest
 * agents argue in their own words, a coordinated group pastes one text with small edits. Groups
 * are the connected components of pairs whose word-bigram Jaccard similarity reaches
 * {@code linkSimilarity}; short texts ("Looks right.") carry too little to compare and are skipped.
 * A group counts as one voter: each member keeps 1/size of its weight. One coincidence in a round
 * is not proof of collusion, so copying alone down-weights but never quarantines.
 *
 * @param minGroup       agents in a group before it counts as coordinated
 * @param linkSimilarity pairwise similarity that links two justifications
 * @param minBigrams     justifications with fewer word bigrams are not compared
 */
public record CopyDetector(int minGroup, double linkSimilarity, int minBigrams) {

    /** Each agent in a coordinated group, with the size of its group. */
    Map<String, Integer> copied(List<Ballot> ballots, List<String> options) {
        Map<String, List<Ballot>> byChoice = new LinkedHashMap<>();
        for (Ballot ballot : ballots) {
            byChoice.computeIfAbsent(ballot.getChoice(), c -> new ArrayList<>()).add(ballot);
        }
        Map<String, Integer> copied = new LinkedHashMap<>();
        for (List<Ballot> group : byChoice.values()) {
            if (group.size() >= minGroup) {
                linkedGroups(group, options, copied);
            }
        }
        return copied;
    }

    private void linkedGroups(List<Ballot> group, List<String> options, Map<String, Integer> copied) {
        int n = group.size();
        List<Set<String>> shingles = new ArrayList<>(n);
        for (Ballot ballot : group) {
            shingles.add(JustificationSimilarity.bigrams(ballot.getJustification(), options));
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        link(shingles, parent);
        Map<Integer, List<String>> components = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            components.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(group.get(i).getAgentId());
        }
        components.values().stream().filter(c -> c.size() >= minGroup).forEach(c -> c.forEach(agent -> copied.put(agent, c.size())));
    }

    /**
     * Joins every pair of comparable justifications whose similarity reaches {@code linkSimilarity}.
     * Only pairs that can reach it are compared, by prefix filtering: with each set's bigrams ordered
     * rarest first, two sets of Jaccard similarity t or more share a bigram among the first
     * |x| − ⌈t·|x|⌉ + 1 of each. All pairs made a 10,000-agent round's close quadratic (50 million
     * comparisons, seconds); the result is the same groups.
     */
    private void link(List<Set<String>> shingles, int[] parent) {
        Map<String, Integer> frequency = new HashMap<>();
        for (Set<String> set : shingles) {
            if (set.size() >= minBigrams) {
                set.forEach(bigram -> frequency.merge(bigram, 1, Integer::sum));
            }
        }
        Comparator<String> rarestFirst = Comparator.<String>comparingInt(frequency::get).thenComparing(Comparator.naturalOrder());
        Map<String, List<Integer>> index = new HashMap<>();
        for (int j = 0; j < shingles.size(); j++) {
            Set<String> set = shingles.get(j);
            if (set.size() < minBigrams) {
                continue;
            }
            List<String> ordered = set.stream().sorted(rarestFirst).toList();
            // At a threshold of 0 every pair links; a longer prefix than the bound only adds candidates.
            int prefix = linkSimilarity <= 0 ? ordered.size()
                    : Math.max(1, Math.min(ordered.size(), ordered.size() - (int) Math.ceil(linkSimilarity * ordered.size() - 1e-9) + 1));
            BitSet compared = new BitSet(j);
            for (String bigram : ordered.subList(0, prefix)) {
                List<Integer> earlier = index.computeIfAbsent(bigram, b -> new ArrayList<>());
                for (int i : earlier) {
                    // Already in one group: linking them again changes nothing.
                    if (!compared.get(i) && find(parent, i) != find(parent, j)) {
                        compared.set(i);
                        if (JustificationSimilarity.jaccard(shingles.get(i), set) >= linkSimilarity) {
                            parent[find(parent, i)] = find(parent, j);
                        }
                    }
                }
                earlier.add(j);
            }
        }
        if (linkSimilarity <= 0) {
            // Pairs with no bigram in common have similarity 0: at a threshold of 0 they link too.
            int first = -1;
            for (int j = 0; j < shingles.size(); j++) {
                if (shingles.get(j).size() >= minBigrams) {
                    if (first < 0) {
                        first = j;
                    } else {
                        parent[find(parent, first)] = find(parent, j);
                    }
                }
            }
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
