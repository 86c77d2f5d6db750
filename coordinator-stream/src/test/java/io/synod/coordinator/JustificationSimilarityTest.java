package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JustificationSimilarityTest {
    private static final List<String> OPTIONS = List.of("approve", "reject");
    private static final String[] WORDS = {"approve", "Reject", "the", "evidence", "it's", "12", "3rd", "supports", "clearly", "émigré", "²",
            "budget", "-", ",", "the", "evidence"};

    /** The definition: the distinct strings "first second" of lower-cased words, labels and numbers masked as '#'. */
    static Set<String> referenceBigrams(String text, List<String> options) {
        Set<String> labels = new HashSet<>();
        options.forEach(option -> labels.add(option.toLowerCase(Locale.ROOT)));
        String[] words = text == null ? new String[0] : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        Set<String> bigrams = new HashSet<>();
        String previous = null;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            String token = labels.contains(word) || word.chars().allMatch(Character::isDigit) ? "#" : word;
            if (previous != null) {
                bigrams.add(previous + ' ' + token);
            }
            previous = token;
        }
        return bigrams;
    }

    static double referenceJaccard(Set<String> a, Set<String> b) {
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

    @Test
    void shouldMeasureExactlyTheJaccardSimilarityOfTheWordBigrams() {
        Random random = new Random(3);
        for (int n = 0; n < 2_000; n++) {
            List<String> texts = new ArrayList<>();
            for (int t = 1 + random.nextInt(6); t > 0; t--) {
                texts.add(random.nextInt(10) == 0 ? null : sentence(random, 1 + random.nextInt(n % 7 == 0 ? 2 : 20)));
            }
            double total = 0.0;
            int pairs = 0;
            for (int i = 0; i < texts.size(); i++) {
                for (int j = i + 1; j < texts.size(); j++) {
                    total += referenceJaccard(referenceBigrams(texts.get(i), OPTIONS), referenceBigrams(texts.get(j), OPTIONS));
                    pairs++;
                }
            }
            double expected = pairs == 0 ? 0.0 : total / pairs;
            assertThat(JustificationSimilarity.meanPairwise(texts, OPTIONS)).as("%s", texts).isEqualTo(expected);
        }
    }

    @Test
    void shouldCountIdenticalJustificationsAsOneAndEmptyOnesAsUnlike() {
        String text = "The evidence clearly supports approve, and the budget holds.";
        assertThat(JustificationSimilarity.meanPairwise(List.of(text, text.toUpperCase(Locale.ROOT)), OPTIONS)).isEqualTo(1.0);
        assertThat(JustificationSimilarity.meanPairwise(List.of(text, ""), OPTIONS)).isZero();
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : random.nextBoolean() ? " " : "  ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    @Test
    void shouldSayWhetherPairsReachAThresholdExactlyAsTheirSimilarityDoes() {
        Random random = new Random(20_261_207L);
        int reached = 0;
        for (int n = 0; n < 20_000; n++) {
            long[] a = randomSet(random);
            long[] b = random.nextInt(4) == 0 ? a.clone() : randomSet(random);
            double similarity = JustificationSimilarity.jaccard(a, b);
            // Thresholds at the similarity itself, one step either side of it, and anywhere.
            double threshold = switch (random.nextInt(4)) {
                case 0 -> similarity;
                case 1 -> Math.nextUp(similarity);
                case 2 -> Math.nextDown(similarity);
                default -> random.nextDouble();
            };
            boolean expected = similarity >= threshold;
            assertThat(JustificationSimilarity.reaches(a, b, threshold)).as("%s %s at %s", a.length, b.length, threshold).isEqualTo(expected);
            reached += expected ? 1 : 0;
        }
        assertThat(reached).isBetween(5_000, 15_000);
        assertThat(JustificationSimilarity.reaches(new long[0], new long[] {1}, 0.0)).isTrue();
        assertThat(JustificationSimilarity.reaches(new long[] {1}, new long[] {1}, Double.NaN)).isFalse();
    }

    /** A sorted set of distinct numbers from a small range, so that sets overlap anywhere from not at all to fully. */
    private static long[] randomSet(Random random) {
        return random.longs(random.nextInt(40), 0, 60).distinct().sorted().toArray();
    }
}
