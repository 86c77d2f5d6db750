package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private static Dataset.Vote v(String agent, String choice) {
        return new Dataset.Vote(agent, choice, 1.0);
    }

    private static Dataset tiny() {
        List<String> options = List.of("x", "y");
        return new Dataset("tiny", Path.of("unused"), List.of(
                new Dataset.Item("p1", options, List.of(v("a", "x"), v("b", "x"), v("c", "y"))),
                new Dataset.Item("p2", options, List.of(v("a", "y"), v("b", "x"))),
                new Dataset.Item("p3", options, List.of(v("a", "y"), v("b", "y"), v("c", "x")))),
                Map.of("p1", "x", "p2", "y", "p3", "x"), Set.of("c"), Set.of());
    }

    @Test
    void shouldGiveMajorityVoteTiesHalfCredit() {
        // p1 right, p2 tie (half), p3 wrong.
        assertThat(Baselines.accuracy(tiny(), Baselines.majority(tiny()))).isCloseTo(1.5 / 3, within(1e-9));
    }

    @Test
    void shouldCountAnItemWithoutVotesAsWrong() {
        Dataset data = new Dataset("empty", Path.of("unused"), List.of(new Dataset.Item("p1", List.of("x", "y"), List.of())),
                Map.of("p1", "x"), Set.of(), Set.of());
        assertThat(Baselines.accuracy(data, Baselines.majority(data))).isZero();
    }

    @Test
    void shouldLetDawidSkeneDiscountAWorkerWhoIsAlwaysOutvoted() {
        List<String> options = List.of("x", "y");
        List<Dataset.Item> items = new java.util.ArrayList<>();
        Map<String, String> truth = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            String t = i % 2 == 0 ? "x" : "y";
            String wrong = t.equals("x") ? "y" : "x";
            // Two reliable workers; on half the items one of them is missing and a contrarian ties the count.
            List<Dataset.Vote> votes = i % 4 < 2 ? List.of(v("good1", t), v("good2", t), v("bad", wrong)) : List.of(v("good1", t), v("bad", wrong));
            items.add(new Dataset.Item("p" + i, options, votes));
            truth.put("p" + i, t);
        }
        Dataset data = new Dataset("ds", Path.of("unused"), items, truth, Set.of(), Set.of());

        assertThat(Baselines.accuracy(data, Baselines.majority(data))).isCloseTo(0.75, within(1e-9));
        assertThat(Baselines.accuracy(data, Baselines.dawidSkene(data, 50))).isEqualTo(1.0);
    }

    @Test
    void shouldScoreDetectionOverAgents() {
        Detection d = Detection.of(Set.of("c", "a"), Set.of("c", "d"), Set.of("a", "b", "c", "d"));

        assertThat(d.precision()).isEqualTo(0.5);
        assertThat(d.recall()).isEqualTo(0.5);
        assertThat(d.falsePositiveRate()).isEqualTo(0.5);
    }
}
