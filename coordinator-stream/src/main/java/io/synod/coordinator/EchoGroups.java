package io.synod.coordinator;

import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Co-voters on one option that have (almost) never disagreed with each other over many co-votes
 * (each agent's {@code echoes}, kept by the reputation stream) count as one voice: each member of
 * such a group carries 1/size of its evidence. Dawid–Skene assumes independent errors; a group
 * that always votes alike carries the information of one voter, and a bloc that copies the
 * majority to earn reputation would otherwise spend that reputation once per member when it lies.
 * This discounts weight only; it is not evidence of manipulation and flags no one.
 */
final class EchoGroups {
    private EchoGroups() {
    }

    /** Sets each counted ballot's {@code voices}: 1 alone, 1/size in a group of echoes on its option. */
    static void assign(List<Ballot> counted, Function<String, Reputation> reputationOf) {
        int n = counted.size();
        Map<String, Integer> index = null;
        int[] parent = null;
        for (int i = 0; i < n; i++) {
            Ballot ballot = counted.get(i);
            ballot.setVoices(1.0);
            Reputation reputation = reputationOf.apply(ballot.getAgentId());
            List<String> echoes = reputation == null ? List.of() : reputation.getEchoes();
            if (echoes.isEmpty()) {
                continue;
            }
            if (index == null) {
                index = new HashMap<>(n * 2);
                for (int j = 0; j < n; j++) {
                    index.putIfAbsent(counted.get(j).getAgentId(), j);
                }
                parent = new int[n];
                for (int j = 0; j < n; j++) {
                    parent[j] = j;
                }
            }
            for (String echo : echoes) {
                Integer j = index.get(echo);
                if (j != null && counted.get(j).getChoice().equals(ballot.getChoice())) {
                    parent[root(parent, i)] = root(parent, j);
                }
            }
        }
        if (parent == null) {
            return;
        }
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            size[root(parent, i)]++;
        }
        for (int i = 0; i < n; i++) {
            counted.get(i).setVoices(1.0 / size[root(parent, i)]);
        }
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
