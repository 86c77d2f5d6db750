package io.synod.app.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.SynodCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {
    @TempDir
    Path dir;

    private String out;
    private String err;

    private int compare(String... args) {
        StringWriter outWriter = new StringWriter();
        StringWriter errWriter = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli = SynodCli.commandLine(all);
        cli.setOut(new PrintWriter(outWriter));
        cli.setErr(new PrintWriter(errWriter));
        int code = cli.execute(all);
        out = outWriter.toString();
        err = errWriter.toString();
        return code;
    }

    private Path file(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void shouldListTheChangedProposalsAndEndWithTheFiguresAsJson() throws Exception {
        Path before = file("before.jsonl",
                "{\"proposal\":\"p1\",\"tenant\":\"default\",\"status\":\"achieved\",\"decision\":\"approve\",\"support\":0.8}",
                "{\"proposal\":\"p2\",\"tenant\":\"default\",\"status\":\"fallback\",\"decision\":\"approve\",\"support\":0.55}");
        Path after = file("after.jsonl",
                "{\"proposal\":\"p1\",\"tenant\":\"default\",\"status\":\"achieved\",\"decision\":\"approve\",\"support\":0.8}",
                "{\"proposal\":\"p2\",\"tenant\":\"default\",\"status\":\"fallback\",\"decision\":\"reject\",\"support\":0.52}");
        Path truth = file("truth.jsonl", "{\"proposal\":\"p1\",\"truth\":\"approve\"}", "{\"proposal\":\"p2\",\"truth\":\"reject\"}");

        assertThat(compare(before.toString(), after.toString(), "--truth", truth.toString())).isZero();

        assertThat(out).contains("truth for 2: before 0.5000, after 1.0000 (+50.00 pp): 1 won, 0 lost");
        assertThat(out).containsPattern("p2 +fallback approve +fallback reject +reject +won");
        String[] lines = out.strip().split("\\R");
        JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(summary.get("decisionChanged").asInt()).isEqualTo(1);
        assertThat(summary.get("won").asInt()).isEqualTo(1);
        assertThat(summary.get("accuracyAfter").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldSayHowOftenAChangeNoWorseThanBeforeLosesAsManyOfTheProposalsItMoved() throws Exception {
        Path before = file("before3.jsonl", "{\"proposal\":\"p1\",\"decision\":\"approve\",\"status\":\"achieved\"}",
                "{\"proposal\":\"p2\",\"decision\":\"approve\",\"status\":\"achieved\"}",
                "{\"proposal\":\"p3\",\"decision\":\"reject\",\"status\":\"achieved\"}");
        Path after = file("after3.jsonl", "{\"proposal\":\"p1\",\"decision\":\"reject\",\"status\":\"achieved\"}",
                "{\"proposal\":\"p2\",\"decision\":\"reject\",\"status\":\"achieved\"}",
                "{\"proposal\":\"p3\",\"decision\":\"approve\",\"status\":\"achieved\"}");
        Path truth = file("truth3.jsonl", "{\"proposal\":\"p1\",\"truth\":\"approve\"}", "{\"proposal\":\"p2\",\"truth\":\"approve\"}",
                "{\"proposal\":\"p3\",\"truth\":\"approve\"}");

        assertThat(compare(before.toString(), after.toString(), "--truth", truth.toString())).isZero();

        // 1 won, 2 lost: a fair coin loses at least two of three half the time.
        assertThat(out).contains("1 won, 2 lost");
        assertThat(out).contains("sign test: a change no worse than before loses at least 2 of 3 moved proposals with p 0.500");
        String[] lines = out.strip().split("\\R");
        assertThat(new ObjectMapper().readTree(lines[lines.length - 1]).get("lostByChance").asDouble()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldListTheAgentsAChangeNewlyTreatsAsByzantine() throws Exception {
        Path decisions = file("d.jsonl", "{\"proposal\":\"p1\",\"status\":\"achieved\",\"decision\":\"approve\"}");
        Path before = file("a1.jsonl", "{\"agent\":\"w1\",\"tenant\":\"default\",\"reputation\":0.4,\"byzantine\":false}",
                "{\"agent\":\"w2\",\"tenant\":\"default\",\"reputation\":0.9,\"byzantine\":false}");
        Path after = file("a2.jsonl", "{\"agent\":\"w1\",\"tenant\":\"default\",\"reputation\":0.1,\"byzantine\":true}",
                "{\"agent\":\"w2\",\"tenant\":\"default\",\"reputation\":0.9,\"byzantine\":false}");

        assertThat(compare(decisions.toString(), decisions.toString(), "--agents-before", before.toString(), "--agents-after", after.toString()))
                .isZero();

        assertThat(out).contains("agents treated as Byzantine: 0 before, 1 after: 1 newly, 0 cleared");
        assertThat(out).containsPattern("w1 +flagged +reputation 0.40 -> 0.10");
        assertThat(out.strip()).endsWith("\"byzantineBefore\":0,\"byzantineAfter\":1,\"newlyByzantine\":1,\"cleared\":0}");
        assertThat(compare(decisions.toString(), decisions.toString(), "--agents-before", before.toString())).isEqualTo(SynodCli.USAGE);
        assertThat(err).contains("go together");
    }

    @Test
    void shouldRefuseALineThatIsNotADecisionNamingTheFileAndLine() throws Exception {
        Path before = file("before.jsonl", "{\"proposal\":\"p1\",\"status\":\"achieved\",\"decision\":\"approve\"}", "{\"proposal\":7}");
        Path after = file("after.jsonl", "{\"proposal\":\"p1\",\"status\":\"achieved\",\"decision\":\"approve\"}");

        assertThat(compare(before.toString(), after.toString())).isEqualTo(SynodCli.USAGE);
        assertThat(err).contains("before.jsonl line 2: not a decision");
        assertThat(compare(dir.resolve("missing.jsonl").toString(), after.toString())).isEqualTo(SynodCli.USAGE);
        assertThat(err).contains("no such file");
    }
}
