package io.synod.coordinator;

import io.synod.text.Words;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How alike a group's justifications are: the mean pairwise Jaccard similarity of their word
 * bigrams, with the option labels masked so that "option 1" and "option 2" read the same. An empty
 * justification is no evidence of copying and counts as dissimilar.
 */
final class JustificationSimilarity {
    private JustificationSimilarity() {
    }

    static double meanPairwise(List<String> texts, List<String> options) {
        List<Set<String>> shingles = texts.stream().map(text -> bigrams(text, options)).toList();
        double total = 0.0;
        int pairs = 0;
        for (int i = 0; i < shingles.size(); i++) {
            for (int j = i + 1; j < shingles.size(); j++) {
                total += jaccard(shingles.get(i), shingles.get(j));
                pairs++;
            }
        }
        return pairs == 0 ? 0.0 : total / pairs;
    }

    static Set<String> bigrams(String text, List<String> options) {
        Set<String> labels = new HashSet<>();
        options.forEach(option -> labels.add(option.toLowerCase(Locale.ROOT)));
        List<String> words = text == null ? List.of() : Words.of(text.toLowerCase(Locale.ROOT), false);
        Set<String> bigrams = new HashSet<>();
        String previous = null;
        for (String word : words) {
            String token = labels.contains(word) || word.chars().allMatch(Character::isDigit) ? "#" : word;
            if (previous != null) {
                bigrams.add(previous + ' ' + token);
            }
            previous = token;
        }
        return bigrams;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        int common = 0;
        for (String s : a) {
            if (b.contains(s)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }
}
