package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyBenchTest {

    private static AccuracyBench.Row row(String dataset, int proposals, double synod, double detectorOff) {
        return new AccuracyBench.Row(dataset, proposals, synod, detectorOff, 0.7, 0.7, 0.8, null, 20_000);
    }

    private static List<String> printed(List<AccuracyBench.Row> rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AccuracyBench.print(rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldNameTheDatasetsWhereTheDetectorOnReplayDecidedFewerProposalsRight() throws Exception {
        List<String> lines = printed(List.of(row("clean", 800, 0.9288, 0.9288), row("bloc33", 1000, 0.956, 0.958),
                row("sybil60", 800, 0.925, 0.7113)));

        assertThat(lines).contains("detector on behind detector off: 1 of 3 datasets (proposals: bloc33 -2)");
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(summary.get("detectorBehindOff").size()).isEqualTo(1);
        assertThat(summary.get("detectorBehindOff").get("bloc33").asLong()).isEqualTo(-2);
    }

    @Test
    void shouldReportNoDatasetBehindWhenTheDetectorNeverCostsAProposal() throws Exception {
        List<String> lines = printed(List.of(row("clean", 800, 0.9288, 0.9288), row("bloc45", 800, 0.9238, 0.9213)));

        assertThat(lines).contains("detector on behind detector off: 0 of 2 datasets");
        assertThat(new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("detectorBehindOff").isEmpty()).isTrue();
    }
}
