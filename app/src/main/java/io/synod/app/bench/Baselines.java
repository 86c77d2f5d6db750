package io.synod.app.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reference decision rules computed from the same votes, for comparison: majority vote, the seed
 * document's reputation rule (online) and offline Dawid–Skene (EM over the whole dataset at once,
 * so it sees the future). Accuracy gives ties fractional credit, as the dataset README does.
 */
final class Baselines {
    private Baselines() {
    }

    /** Accuracy of per-item scores: the options sharing the top score split the credit. */
    static double accuracy(Dataset data, Map<String, Map<String, Double>> scores) {
        double correct = 0.0;
        for (var entry : data.truth().entrySet()) {
            Map<String, Double> score = scores.get(entry.getKey());
            if (score == null || score.isEmpty()) {
                continue;
            }
            double best = score.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
            List<String> top = score.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).toList();
            if (top.contains(entry.getValue())) {
                correct += 1.0 / top.size();
            }
        }
        return correct / data.truth().size();
    }

    static Map<String, Map<String, Double>> majority(Dataset data) {
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (Dataset.Item item : data.items()) {
            Map<String, Double> count = new LinkedHashMap<>();
            item.votes().forEach(v -> count.merge(v.choice(), 1.0, Double::sum));
            scores.put(item.id(), count);
        }
        return scores;
    }

    /** Reputation starts at 1.0, +0.05 for voting with the decision, -0.02 against, within [0,1]; weight = reputation x confidence. */
    static Map<String, Map<String, Double>> seedRule(Dataset data) {
        Map<String, Double> reputation = new HashMap<>();
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (Dataset.Item item : data.items()) {
            Map<String, Double> weight = new LinkedHashMap<>();
            for (Dataset.Vote vote : item.votes()) {
                weight.merge(vote.choice(), reputation.getOrDefault(vote.agent(), 1.0) * vote.confidence(), Double::sum);
            }
            scores.put(item.id(), weight);
            String decision = weight.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            for (Dataset.Vote vote : item.votes()) {
                double r = reputation.getOrDefault(vote.agent(), 1.0) + (vote.choice().equals(decision) ? 0.05 : -0.02);
                reputation.put(vote.agent(), Math.max(0.0, Math.min(1.0, r)));
            }
        }
        return scores;
    }

    /** Dawid & Skene (1979): full confusion matrix per worker, EM from the majority-vote initialisation. */
    static Map<String, Map<String, Double>> dawidSkene(Dataset data, int iterations) {
        TreeSet<String> labelSet = new TreeSet<>();
        data.items().forEach(item -> { labelSet.addAll(item.options()); item.votes().forEach(v -> labelSet.add(v.choice())); });
        List<String> labels = new ArrayList<>(labelSet);
        int k = labels.size();
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < k; i++) {
            labelIndex.put(labels.get(i), i);
        }
        Map<String, Integer> workerIndex = new HashMap<>();
        data.items().forEach(item -> item.votes().forEach(v -> workerIndex.putIfAbsent(v.agent(), workerIndex.size())));
        int n = data.items().size();
        double[][] t = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (Dataset.Vote v : data.items().get(i).votes()) {
                t[i][labelIndex.get(v.choice())] += 1.0;
            }
            normalise(t[i]);
        }
        for (int iteration = 0; iteration < iterations; iteration++) {
            double[][][] pi = new double[workerIndex.size()][k][k];
            for (double[][] worker : pi) {
                for (double[] row : worker) {
                    java.util.Arrays.fill(row, 0.01);
                }
            }
            double[] prior = new double[k];
            java.util.Arrays.fill(prior, 1.0);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    prior[c] += t[i][c];
                }
                for (Dataset.Vote v : data.items().get(i).votes()) {
                    double[][] worker = pi[workerIndex.get(v.agent())];
                    int voted = labelIndex.get(v.choice());
                    for (int c = 0; c < k; c++) {
                        worker[c][voted] += t[i][c];
                    }
                }
            }
            for (double[][] worker : pi) {
                for (double[] row : worker) {
                    normalise(row);
                }
            }
            normalise(prior);
            for (int i = 0; i < n; i++) {
                double[] log = new double[k];
                for (int c = 0; c < k; c++) {
                    log[c] = Math.log(prior[c]);
                }
                for (Dataset.Vote v : data.items().get(i).votes()) {
                    double[][] worker = pi[workerIndex.get(v.agent())];
                    int voted = labelIndex.get(v.choice());
                    for (int c = 0; c < k; c++) {
                        log[c] += Math.log(worker[c][voted]);
                    }
                }
                double max = java.util.Arrays.stream(log).max().orElse(0.0);
                for (int c = 0; c < k; c++) {
                    t[i][c] = Math.exp(log[c] - max);
                }
                normalise(t[i]);
            }
        }
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> score = new LinkedHashMap<>();
            for (String option : data.items().get(i).options()) {
                score.put(option, t[i][labelIndex.get(option)]);
            }
            scores.put(data.items().get(i).id(), score);
        }
        return scores;
    }

    private static void normalise(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        if (sum <= 0) {
            java.util.Arrays.fill(values, 1.0 / values.length);
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] /= sum;
        }
    }
}
