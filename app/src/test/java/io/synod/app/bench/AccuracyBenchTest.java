package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyBenchTest {

    private static AccuracyBench.Row row(String dataset, int proposals, int won, int lost) {
        double off = 0.9;
        return new AccuracyBench.Row(dataset, proposals, off + (double) (won - lost) / proposals, off, won, lost, 0.7, 0.7, 0.8, null, 20_000);
    }

    private static List<String> printed(List<AccuracyBench.Row> rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AccuracyBench.print(rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldNameTheDatasetsWhereTheDetectorOnReplayDecidedFewerProposalsRight() throws Exception {
        List<String> lines = printed(List.of(row("clean", 800, 0, 0), row("bloc33", 1000, 3, 5),
                row("sybil60", 800, 171, 0)));

        assertThat(lines).contains("detector on behind detector off: 1 of 3 datasets (proposals: bloc33 -2 [3 won, 5 lost, p 0.363])");
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(summary.get("detectorBehindOff").size()).isEqualTo(1);
        assertThat(summary.get("detectorBehindOff").get("bloc33").asLong()).isEqualTo(-2);
    }

    @Test
    void shouldReportNoDatasetBehindWhenTheDetectorNeverCostsAProposal() throws Exception {
        List<String> lines = printed(List.of(row("clean", 800, 0, 0), row("bloc45", 800, 3, 1)));

        assertThat(lines).contains("detector on behind detector off: 0 of 2 datasets");
        assertThat(new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("detectorBehindOff").isEmpty()).isTrue();
    }

    @Test
    void shouldTellDatasetsBehindBeyondChanceFromNearTiesFallingEitherWay() throws Exception {
        // 3 won and 5 lost is what a change no worse than off does a third of the time; 0 won and 6 lost, 1 in 64.
        List<String> lines = printed(List.of(row("ties", 1000, 3, 5), row("worse", 800, 0, 6), row("better", 800, 40, 2)));

        assertThat(lines).contains("detector on behind detector off: 2 of 3 datasets (proposals: ties -2 [3 won, 5 lost, p 0.363], worse -6 [0 won, 6 lost, p 0.0156])");
        assertThat(lines).contains("behind beyond chance (one-sided sign test over the proposals the detector moved, p < 0.05): 1 of 3 datasets"
                + " (worse -6 [0 won, 6 lost, p 0.0156])");
        assertThat(lines).contains("proposals the detector moved, all datasets: 43 won, 13 lost (sign test p 1.00)");
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(summary.get("detectorBehindOffBeyondChance").size()).isEqualTo(1);
        assertThat(summary.get("detectorBehindOffBeyondChance").get("worse").asDouble()).isCloseTo(1.0 / 64, within(1e-12));
        assertThat(summary.get("detectorWon").asInt()).isEqualTo(43);
        assertThat(summary.get("detectorLost").asInt()).isEqualTo(13);
    }
}
