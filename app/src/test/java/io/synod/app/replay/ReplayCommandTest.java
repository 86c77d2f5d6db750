package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.SynodCli;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final List<String> CONTRACT_EXAMPLE = List.of(
            "{\"type\":\"agent\",\"agent\":\"w1\",\"tenant\":\"default\",\"kind\":\"llm\",\"active\":true,\"ts\":0}",
            "{\"type\":\"agent\",\"agent\":\"w2\",\"kind\":\"human\",\"ts\":0}",
            "{\"type\":\"agent\",\"agent\":\"w17\",\"ts\":0}",
            "{\"type\":\"proposal\",\"proposal\":\"p42\",\"tenant\":\"default\",\"ts\":1000,\"text\":\"Is claim X supported by the sources?\","
                    + "\"options\":[\"approve\",\"reject\"],\"participants\":[\"w1\",\"w2\",\"w17\"],"
                    + "\"policy\":{\"threshold\":0.67,\"maxRounds\":5,\"minParticipants\":3,\"roundTimeoutMs\":30000,\"fallback\":\"simple_majority\",\"fallbackAfterRounds\":3}}",
            "{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w17\",\"round\":1,\"choice\":\"approve\",\"confidence\":0.8,\"justification\":\"Two primary sources agree\",\"ts\":1450}",
            "{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w1\",\"choice\":\"approve\",\"ts\":1460}",
            "{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w2\",\"round\":1,\"choice\":\"approve\",\"confidence\":0.6,\"ts\":1470}",
            "{\"type\":\"outcome\",\"proposal\":\"p42\",\"truth\":\"approve\",\"ts\":90000}");

    private int replay(Path in, Path out, Path agents, StringWriter err) {
        List<String> args = new ArrayList<>(List.of("replay", "--in", in.toString(), "--out", out.toString()));
        if (agents != null) {
            args.addAll(List.of("--agents-out", agents.toString()));
        }
        CommandLine cli = SynodCli.commandLine(args.toArray(String[]::new));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args.toArray(String[]::new));
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldDecideTheContractExampleInTheContractShape() throws Exception {
        Path out = dir.resolve("decisions.jsonl");
        Path agents = dir.resolve("agents.jsonl");

        assertThat(replay(write("events.jsonl", CONTRACT_EXAMPLE), out, agents, new StringWriter())).isZero();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1);
        JsonNode decision = JSON.readTree(lines.get(0));
        assertThat(decision.fieldNames()).toIterable().containsExactly("proposal", "tenant", "status", "decision", "support",
                "round", "mode", "participants", "distribution", "flagged", "ts");
        assertThat(decision.get("proposal").asText()).isEqualTo("p42");
        assertThat(decision.get("status").asText()).isEqualTo("achieved");
        assertThat(decision.get("decision").asText()).isEqualTo("approve");
        assertThat(decision.get("round").asInt()).isEqualTo(1);
        assertThat(decision.get("participants").asInt()).isEqualTo(3);
        assertThat(decision.get("ts").asLong()).isEqualTo(1470L);
        List<String> agentLines = Files.readAllLines(agents);
        assertThat(agentLines).hasSize(3);
        assertThat(JSON.readTree(agentLines.get(0)).fieldNames()).toIterable().containsExactly("agent", "tenant", "reputation",
                "accuracy", "integrity", "byzantine", "flags", "votes");
        assertThat(agentLines).extracting(l -> JSON.readTree(l).get("agent").asText()).containsExactly("w1", "w17", "w2");
    }

    @Test
    void shouldWriteByteIdenticalFilesForTheSameInput() throws Exception {
        Path in = write("events.jsonl", syntheticEvents(60));
        replay(in, dir.resolve("a.jsonl"), dir.resolve("a-agents.jsonl"), new StringWriter());
        replay(in, dir.resolve("b.jsonl"), dir.resolve("b-agents.jsonl"), new StringWriter());

        assertThat(Files.readAllBytes(dir.resolve("a.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("b.jsonl")));
        assertThat(Files.readAllBytes(dir.resolve("a-agents.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("b-agents.jsonl")));
        assertThat(Files.readAllLines(dir.resolve("a.jsonl"))).hasSize(60);
    }

    @Test
    void shouldKeepGoingPastGarbageAndDecideExactlyAsWithoutIt() throws Exception {
        List<String> clean = syntheticEvents(20);
        List<String> dirty = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            dirty.add(clean.get(i));
            if (i % 7 == 3) {
                dirty.add("this is not json {");
                dirty.add("{\"type\":\"vote\",\"proposal\":\"nope\",\"agent\":\"a1\",\"choice\":\"approve\",\"ts\":0}");
                dirty.add("{\"type\":\"telepathy\",\"ts\":0}");
            }
        }
        StringWriter err = new StringWriter();
        replay(write("clean.jsonl", clean), dir.resolve("clean-out.jsonl"), null, new StringWriter());

        int code = replay(write("dirty.jsonl", dirty), dir.resolve("dirty-out.jsonl"), null, err);

        assertThat(code).isZero();
        assertThat(Files.readAllBytes(dir.resolve("dirty-out.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("clean-out.jsonl")));
    }

    @Test
    void shouldRefuseImpossibleTimestampsWithoutEndingEveryRoundAfterThem() throws Exception {
        List<String> clean = syntheticEvents(20);
        List<String> dirty = new ArrayList<>(clean);
        // Early on, where event time jumping to the end of the epoch would close every later round at once.
        dirty.add(6, "{\"type\":\"agent\",\"agent\":\"a9\",\"ts\":9223372036854775807}");
        dirty.add(8, "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"a1\",\"choice\":\"approve\",\"ts\":1e308}");
        dirty.add(10, "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"a2\",\"choice\":\"approve\",\"ts\":-5}");
        // A line refused for its structure is no event: its (possible) timestamp does not move event time.
        dirty.add(12, "{\"type\":\"telepathy\",\"ts\":90000000}");
        String cleanReport = replayReportingOnStandardError(write("clean.jsonl", clean), dir.resolve("clean-out.jsonl"));

        String dirtyReport = replayReportingOnStandardError(write("dirty.jsonl", dirty), dir.resolve("dirty-out.jsonl"));

        assertThat(Files.readAllBytes(dir.resolve("dirty-out.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("clean-out.jsonl")));
        assertThat(dirtyReport).contains("timestamp_out_of_range: 3").contains("unknown_type: 1");
        assertThat(rejectedCount(dirtyReport)).as(dirtyReport).isEqualTo(rejectedCount(cleanReport) + 4);
    }

    @Test
    void shouldCountBinaryNoiseCutLinesAndHugeLinesAsRejectedAndDecideExactlyAsWithoutThem() throws Exception {
        List<String> clean = syntheticEvents(20);
        java.io.ByteArrayOutputStream dirty = new java.io.ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(11);
        int garbage = 0;
        for (int i = 0; i < clean.size(); i++) {
            dirty.write((clean.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            if (i % 5 == 2) {
                byte[] noise = new byte[1 + random.nextInt(300)];
                random.nextBytes(noise);
                noise[0] = 1;
                for (int b = 0; b < noise.length; b++) {
                    noise[b] = noise[b] == '\n' || noise[b] == '\r' ? (byte) ' ' : noise[b];
                }
                dirty.write(noise);
                dirty.write('\n');
                dirty.write((clean.get(i).substring(0, clean.get(i).length() / 2) + "\n").getBytes(StandardCharsets.UTF_8));
                dirty.write("\u0000\u0000{\"type\":\"vote\"}\n".getBytes(StandardCharsets.UTF_8));
                dirty.write(("{".repeat(1 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
                garbage += 4;
            }
        }
        Path dirtyFile = dir.resolve("noisy.jsonl");
        Files.write(dirtyFile, dirty.toByteArray());

        String cleanReport = replayReportingOnStandardError(write("clean.jsonl", clean), dir.resolve("clean-out.jsonl"));
        String dirtyReport = replayReportingOnStandardError(dirtyFile, dir.resolve("dirty-out.jsonl"));

        assertThat(Files.readAllBytes(dir.resolve("dirty-out.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("clean-out.jsonl")));
        assertThat(rejectedCount(dirtyReport)).as(dirtyReport).isEqualTo(rejectedCount(cleanReport) + garbage);
    }

    private String replayReportingOnStandardError(Path in, Path out) {
        var captured = new java.io.ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(replay(in, out, null, new StringWriter())).isZero();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static long rejectedCount(String report) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("rejected: (\\d+)").matcher(report);
        assertThat(matcher.find()).as(report).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** What replaying the lines prints on standard error, where the rejection summary goes. */
    private String standardErrorOfReplaying(List<String> lines) throws Exception {
        var captured = new java.io.ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            replay(write("events.jsonl", lines), dir.resolve("out.jsonl"), null, new StringWriter());
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReportRejectionsByReasonOnStandardError() throws Exception {
        List<String> lines = new ArrayList<>(CONTRACT_EXAMPLE);
        lines.add(6, "{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w2\",\"round\":1,\"choice\":\"maybe\",\"ts\":1465}");
        lines.add("garbage");
        assertThat(standardErrorOfReplaying(lines)).contains("rejected: 2 (invalid_json: 1, option_not_offered: 1)");
    }

    @Test
    void shouldReportThePipelinesRateAndTheWholeJvmsTimeBesideIt() throws Exception {
        String report = standardErrorOfReplaying(CONTRACT_EXAMPLE);

        assertThat(report).containsPattern("replayed " + CONTRACT_EXAMPLE.size() + " lines in \\d+\\.\\d\\d s \\(\\d+ lines/s\\): \\d+ decisions\\R"
                + "since the JVM started: \\d+\\.\\d\\d s \\(\\d+ input lines a second\\)\\R");
        assertThat(report.split("lines/s", -1)).as("one rate in the parsed form").hasSize(2);
    }

    @Test
    void shouldCloseRoundsStillOpenAtTheEndOfInputAtTheirDeadline() throws Exception {
        List<String> lines = new ArrayList<>(CONTRACT_EXAMPLE.subList(0, 5));
        Path out = dir.resolve("out.jsonl");

        replay(write("events.jsonl", lines), out, null, new StringWriter());

        JsonNode decision = JSON.readTree(Files.readAllLines(out).get(0));
        assertThat(decision.get("status").asText()).isEqualTo("failed");
        assertThat(decision.get("ts").asLong()).isGreaterThanOrEqualTo(31_000L);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldCloseEveryRoundStillOpenAtTheEndOfInputEvenWhenItsDeadlineIsOffThePunctuationGrid() throws Exception {
        // p1 splits (2 of 3 is below the 0.67 threshold) into a round 2 due at 2,005 ms; p2 is due at 3,000 ms.
        // The coordinator checks deadlines every 200 ms: replay used to wait for 2,005 forever.
        List<String> lines = List.of(
                "{\"type\":\"agent\",\"agent\":\"a\",\"ts\":0}", "{\"type\":\"agent\",\"agent\":\"b\",\"ts\":0}",
                "{\"type\":\"agent\",\"agent\":\"c\",\"ts\":0}",
                "{\"type\":\"proposal\",\"proposal\":\"p1\",\"ts\":1000,\"participants\":[\"a\",\"b\",\"c\"],\"policy\":{\"roundTimeoutMs\":1000}}",
                "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"a\",\"choice\":\"approve\",\"ts\":1002}",
                "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"b\",\"choice\":\"approve\",\"ts\":1004}",
                "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"c\",\"choice\":\"reject\",\"ts\":1005}",
                "{\"type\":\"proposal\",\"proposal\":\"p2\",\"ts\":2000,\"participants\":[\"a\",\"b\",\"c\"],\"policy\":{\"roundTimeoutMs\":1000}}",
                "{\"type\":\"vote\",\"proposal\":\"p2\",\"agent\":\"a\",\"choice\":\"approve\",\"ts\":2002}");
        Path out = dir.resolve("out.jsonl");

        assertThat(replay(write("events.jsonl", lines), out, null, new StringWriter())).isZero();

        assertThat(Files.readAllLines(out)).extracting(line -> JSON.readTree(line).get("proposal").asText()).containsExactly("p1", "p2");
    }

    @Test
    void shouldCountAnOutcomeWithoutADecisionToJudgeAsRejected() throws Exception {
        List<String> lines = new ArrayList<>(CONTRACT_EXAMPLE);
        lines.add("{\"type\":\"outcome\",\"proposal\":\"nobody-proposed-this\",\"truth\":\"approve\",\"ts\":90001}");
        assertThat(standardErrorOfReplaying(lines)).contains("rejected: 1 (no_decision: 1)");
    }

    @Test
    void shouldWriteEveryBallotOfTheDecisionsWithItsWeightAndSuspicion() throws Exception {
        Path ballots = dir.resolve("ballots.jsonl");
        String[] args = {"replay", "--in", write("events.jsonl", CONTRACT_EXAMPLE).toString(), "--out", dir.resolve("out.jsonl").toString(),
                "--ballots-out", ballots.toString()};
        CommandLine cli = SynodCli.commandLine(args);
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute(args)).isZero();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(ballots)) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines.get(0).fieldNames()).toIterable().containsExactly("proposal", "tenant", "round", "status", "decision", "agent",
                "choice", "confidence", "weight", "suspicion", "accuracy", "voices", "reasons", "ts");
        assertThat(lines).extracting(n -> n.get("agent").asText()).containsExactlyInAnyOrder("w17", "w1", "w2");
        assertThat(lines).allSatisfy(n -> {
            assertThat(n.get("proposal").asText()).isEqualTo("p42");
            assertThat(n.get("decision").asText()).isEqualTo("approve");
            assertThat(n.get("weight").asDouble()).isPositive();
        });
        assertThat(lines).filteredOn(n -> n.get("agent").asText().equals("w2")).singleElement()
                .satisfies(n -> assertThat(n.get("confidence").asDouble()).isEqualTo(0.6));
    }

    @Test
    void shouldListEveryRejectionWithTheInputLineOfTheEventItRefuses() throws Exception {
        List<String> lines = new ArrayList<>(CONTRACT_EXAMPLE.subList(0, 4));
        lines.add("{\"type\":\"outcome\",\"proposal\":\"p42\",\"truth\":\"reject\",\"ts\":1100}");   // 5: replaced by line 6
        lines.add("{\"type\":\"outcome\",\"proposal\":\"p42\",\"truth\":\"approve\",\"ts\":1200}");  // 6
        lines.add("not json");                                                                                         // 7
        lines.add("{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w2\",\"choice\":\"maybe\",\"ts\":1300}");  // 8
        lines.addAll(CONTRACT_EXAMPLE.subList(4, 7));                                                                  // 9-11
        lines.add("{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w1\",\"choice\":\"approve\",\"ts\":1500}");  // 12: decided
        lines.add("{\"type\":\"outcome\",\"proposal\":\"never\",\"truth\":\"approve\",\"ts\":1600}");  // 13: no decision at the end
        Path in = write("events.jsonl", lines);
        Path rejected = dir.resolve("rejected.jsonl");
        StringWriter err = new StringWriter();

        assertThat(replayListingRejections(in, rejected, err)).isZero();

        List<JsonNode> listed = new ArrayList<>();
        for (String line : Files.readAllLines(rejected)) {
            listed.add(JSON.readTree(line));
        }
        assertThat(listed.get(0).fieldNames()).toIterable().containsExactly("line", "type", "reason", "detail", "tenant", "proposal",
                "agent", "event", "ts");
        assertThat(listed).extracting(n -> n.get("line").asInt() + " " + n.get("type").asText() + " " + n.get("reason").asText())
                .containsExactly("5 outcome duplicate", "7 null invalid_json", "8 vote option_not_offered", "12 vote round_closed",
                        "13 outcome no_decision");
        assertThat(listed.get(2).get("agent").asText()).isEqualTo("w2");
        assertThat(listed.get(2).get("detail").asText()).contains("maybe");
        assertThat(err.toString()).contains("rejected: " + listed.size() + " (");
    }

    @Test
    void shouldListTheSameRejectionsByteForByteOnEveryRun() throws Exception {
        List<String> lines = new ArrayList<>(syntheticEvents(40));
        for (int i = lines.size() - 1; i > 0; i -= 7) {
            lines.add(i, "{\"type\":\"vote\",\"proposal\":\"p" + (i % 40 + 1) + "\",\"agent\":\"a9\",\"choice\":\"approve\",\"ts\":" + i + "}");
        }
        Path in = write("events.jsonl", lines);
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");

        assertThat(replayListingRejections(in, first, new StringWriter())).isZero();
        assertThat(replayListingRejections(in, second, new StringWriter())).isZero();

        assertThat(Files.readAllLines(first)).hasSizeGreaterThan(20);
        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
    }

    private int replayListingRejections(Path in, Path rejected, StringWriter err) {
        String[] args = {"replay", "--in", in.toString(), "--out", dir.resolve("decisions.jsonl").toString(), "--rejected-out", rejected.toString()};
        CommandLine cli = SynodCli.commandLine(args);
        cli.setErr(new PrintWriter(err));
        var captured = new java.io.ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return cli.execute(args);
        } finally {
            System.setErr(original);
            err.write(captured.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldReadGzipInputDirectly() throws Exception {
        Path gz = dir.resolve("events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", CONTRACT_EXAMPLE).getBytes(StandardCharsets.UTF_8));
        }
        Path out = dir.resolve("out.jsonl");

        assertThat(replay(gz, out, null, new StringWriter())).isZero();
        assertThat(Files.readAllLines(out)).hasSize(1);
    }

    @Test
    void shouldFailWithAOneLineErrorWhenTheInputCannotBeRead() {
        var captured = new java.io.ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = replay(dir.resolve("missing.jsonl"), dir.resolve("out.jsonl"), null, new StringWriter());
        } finally {
            System.setErr(original);
        }
        assertThat(code).isNotZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("line 1").contains("missing.jsonl");
    }

    /** Five agents of fixed habits voting on {@code proposals} binary proposals, one per second. */
    static List<String> syntheticEvents(int proposals) {
        List<String> lines = new ArrayList<>();
        for (int a = 1; a <= 5; a++) {
            lines.add("{\"type\":\"agent\",\"agent\":\"a" + a + "\",\"ts\":0}");
        }
        for (int p = 1; p <= proposals; p++) {
            long ts = p * 1000L;
            String truth = p % 3 == 0 ? "reject" : "approve";
            lines.add("{\"type\":\"proposal\",\"proposal\":\"p" + p + "\",\"ts\":" + ts + ",\"participants\":[\"a1\",\"a2\",\"a3\",\"a4\",\"a5\"],"
                    + "\"policy\":{\"threshold\":0.67,\"maxRounds\":1,\"minParticipants\":1,\"roundTimeoutMs\":500,\"fallback\":\"plurality\"}}");
            for (int a = 1; a <= 5; a++) {
                boolean right = (p * 7 + a * 3) % 10 < (a == 5 ? 3 : 8);
                String choice = right ? truth : (truth.equals("approve") ? "reject" : "approve");
                lines.add("{\"type\":\"vote\",\"proposal\":\"p" + p + "\",\"agent\":\"a" + a + "\",\"choice\":\"" + choice + "\",\"ts\":" + (ts + a) + "}");
            }
        }
        return lines;
    }
}
