package io.synod.coordinator;

import io.synod.schemas.Ballot;
import java.util.ArrayList;
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
        for (int i = 0; i < n; i++) {
            if (shingles.get(i).size() < minBigrams) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (shingles.get(j).size() >= minBigrams && JustificationSimilarity.jaccard(shingles.get(i), shingles.get(j)) >= linkSimilarity) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<String>> components = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            components.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(group.get(i).getAgentId());
        }
        components.values().stream().filter(c -> c.size() >= minGroup).forEach(c -> c.forEach(agent -> copied.put(agent, c.size())));
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
