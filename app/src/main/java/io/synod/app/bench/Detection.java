package io.synod.app.bench;

import java.util.HashSet;
import java.util.Set;

/** Detection quality over agents: the agents Synod judged Byzantine against the injected ones. */
record Detection(int truePositives, int falsePositives, int positives, int negatives) {

    static Detection of(Set<String> flagged, Set<String> byzantine, Set<String> allAgents) {
        Set<String> hits = new HashSet<>(flagged);
        hits.retainAll(byzantine);
        Set<String> negatives = new HashSet<>(allAgents);
        negatives.removeAll(byzantine);
        int falsePositives = (int) flagged.stream().filter(negatives::contains).count();
        return new Detection(hits.size(), falsePositives, byzantine.size(), negatives.size());
    }

    double precision() {
        int flagged = truePositives + falsePositives;
        return flagged == 0 ? 1.0 : (double) truePositives / flagged;
    }

    double recall() {
        return positives == 0 ? 1.0 : (double) truePositives / positives;
    }

    double falsePositiveRate() {
        return negatives == 0 ? 0.0 : (double) falsePositives / negatives;
    }
}
