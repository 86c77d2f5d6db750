package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyDetectorTest {
    private final CopyDetector detector = new CopyDetector(3, 0.6, 5);
    private final List<String> options = List.of("1", "2");

    private static Ballot ballot(String agent, String choice, String justification) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1).setWeight(0).setCastAtMs(0L)
                .setJustification(justification).build();
    }

    @Test
    void shouldGroupAgentsPastingOneTextWithSmallEditsForTheSameOption() {
        List<Ballot> ballots = new ArrayList<>(List.of(
                ballot("b1", "2", "Weighing both readings, the evidence clearly supports option 2, fairly clearly."),
                ballot("b2", "2", "Weighing both readings, the evidence plainly supports option 2, fairly clearly."),
                ballot("b3", "2", "Weighing both readings, the evidence obviously supports option 2, fairly clearly."),
                ballot("h1", "1", "I compared the sources and the first reading explains every detail.")));

        assertThat(copied(ballots)).containsOnlyKeys("b1", "b2", "b3").containsValue(3);
    }

    @Test
    void shouldLeaveAgentsWritingTheirOwnWordsAlone() {
        List<Ballot> ballots = List.of(
                ballot("h1", "2", "The reviewer complains about the battery twice, so negative."),
                ballot("h2", "2", "Sarcastic praise; the last sentence gives the real opinion away."),
                ballot("h3", "2", "Mostly about shipping delays and a refund that never came."));

        assertThat(copied(ballots)).isEmpty();
    }

    @Test
    void shouldNotCompareJustificationsTooShortToCarryEvidence() {
        List<Ballot> ballots = List.of(ballot("l1", "1", "Looks right."), ballot("l2", "1", "Looks right."), ballot("l3", "1", "Looks right."));

        assertThat(copied(ballots)).isEmpty();
    }

    @Test
    void shouldNotGroupIdenticalTextsForDifferentOptions() {
        String text = "Having compared it with similar cases, I would classify this as option %s, fairly clearly.";
        List<Ballot> ballots = List.of(ballot("a", "1", text.formatted("1")), ballot("b", "2", text.formatted("2")),
                ballot("c", "1", text.formatted("1")));

        assertThat(copied(ballots)).isEmpty();
    }

    @Test
    void shouldFindTheSameGroupsAsComparingEveryPair() {
        // Given 400 ballots from a small vocabulary, some of them edited copies of a few originals
        Random random = new Random(11);
        String[] words = "the figures match source filing registry date clause invoice tax record claim evidence holds table".split(" ");
        List<String> originals = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            originals.add(sentence(random, words, 12));
        }
        List<Ballot> ballots = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String text = random.nextInt(3) == 0 ? edit(originals.get(random.nextInt(originals.size())), random, words)
                    : sentence(random, words, 5 + random.nextInt(10));
            ballots.add(ballot("a" + i, random.nextBoolean() ? "1" : "2", text));
        }

        // When the detector groups them, and every pair is compared by brute force
        Map<String, Integer> groups = copied(ballots);

        // Then both find the same agents in groups of the same sizes
        assertThat(groups).isNotEmpty().isEqualTo(everyPair(ballots));
    }

    @Test
    void shouldFindTheSameGroupsAsComparingEveryPairInRoundsOfEverySize() {
        // Given rounds of 3 to 120 ballots, below and above the size where every pair is compared directly
        Random random = new Random(17);
        String[] words = "the figures match source filing registry date clause invoice tax record claim evidence holds table".split(" ");
        int grouped = 0;
        for (int round = 0; round < 300; round++) {
            List<String> originals = List.of(sentence(random, words, 12), sentence(random, words, 9));
            List<Ballot> ballots = new ArrayList<>();
            for (int i = 3 + random.nextInt(round % 5 == 0 ? 118 : 2 * CopyDetector.EVERY_PAIR_UP_TO); i > 0; i--) {
                String text = random.nextInt(3) == 0 ? edit(originals.get(random.nextInt(2)), random, words)
                        : sentence(random, words, 3 + random.nextInt(12));
                ballots.add(ballot("a" + i, random.nextBoolean() ? "1" : "2", text));
            }

            // When the detector groups them
            Map<String, Integer> groups = copied(ballots);

            // Then it finds what comparing every pair by the definition finds
            assertThat(groups).as("round %d of %d ballots", round, ballots.size()).isEqualTo(everyPair(ballots));
            grouped += groups.isEmpty() ? 0 : 1;
        }
        assertThat(grouped).as("rounds with a group").isGreaterThan(100);
    }

    /** Each agent the detector puts in a group, with its group's size. */
    private Map<String, Integer> copied(List<Ballot> ballots) {
        Map<String, Integer> copied = new LinkedHashMap<>();
        detector.groups(ballots, options).forEach(group -> group.forEach(ballot -> copied.put(ballot.getAgentId(), group.size())));
        return copied;
    }

    private Map<String, Integer> everyPair(List<Ballot> ballots) {
        Map<String, Integer> copied = new LinkedHashMap<>();
        for (String choice : List.of("1", "2")) {
            List<Ballot> group = ballots.stream().filter(b -> b.getChoice().equals(choice)).toList();
            List<Set<String>> shingles = group.stream().map(b -> JustificationSimilarityTest.referenceBigrams(b.getJustification(), options)).toList();
            int[] parent = new int[group.size()];
            for (int i = 0; i < parent.length; i++) {
                parent[i] = i;
            }
            for (int i = 0; i < parent.length; i++) {
                for (int j = i + 1; j < parent.length; j++) {
                    if (shingles.get(i).size() >= 5 && shingles.get(j).size() >= 5
                            && JustificationSimilarityTest.referenceJaccard(shingles.get(i), shingles.get(j)) >= 0.6) {
                        parent[root(parent, i)] = root(parent, j);
                    }
                }
            }
            Map<Integer, List<String>> components = new LinkedHashMap<>();
            for (int i = 0; i < parent.length; i++) {
                components.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(group.get(i).getAgentId());
            }
            components.values().stream().filter(c -> c.size() >= 3).forEach(c -> c.forEach(agent -> copied.put(agent, c.size())));
        }
        return copied;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    private static String sentence(Random random, String[] words, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return text.toString();
    }

    private static String edit(String text, Random random, String[] words) {
        String[] tokens = text.split(" ");
        tokens[random.nextInt(tokens.length)] = words[random.nextInt(words.length)];
        return String.join(" ", tokens);
    }
}
