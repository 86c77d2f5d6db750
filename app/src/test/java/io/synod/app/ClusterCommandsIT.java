package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.testsupport.SharedSynod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** propose, watch and status run through the CLI entry point against the embedded broker, configured by --config. */
class ClusterCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SharedSynod synod;
    private static Path config;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void writeConfig(@TempDir Path dir) throws Exception {
        synod = SharedSynod.get();
        config = Files.writeString(dir.resolve("synod.properties"), String.join("\n",
                "kafka.bootstrap.servers=" + synod.infrastructure().bootstrapServers(),
                "postgres.url=" + synod.infrastructure().jdbcUrl(),
                "postgres.user=" + synod.infrastructure().jdbcUser(),
                "postgres.password=" + synod.infrastructure().jdbcPassword()));
    }

    private static synchronized Run run(String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = SynodCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            String[] withConfig = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--config", config.toString()))
                    .toArray(String[]::new);
            int code = cli.execute(withConfig);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err + stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    @Test
    void shouldExitOneForAProposalNobodyPublished() {
        Run status = run("status", "--tenant", "cli", "--source", "kafka", "never-published");

        assertThat(status.code()).isEqualTo(1);
        assertThat(status.out()).contains("cli/never-published: unknown");
    }

    @Test
    void shouldPublishAProposalFromAJsonFileAndWaitForItsDecision(@TempDir Path dir) throws Exception {
        // Tenant cli has no agents: the coordinator ends the proposal at once (min_participants).
        Path file = Files.writeString(dir.resolve("p.json"), "{\"type\":\"proposal\",\"proposal\":\"cli-file\",\"tenant\":\"cli\",\"text\":\"?\"}");

        Run propose = run("propose", "--file", file.toString(), "--wait", "--timeout", "60s", "--json");

        assertThat(propose.code()).as(propose.err()).isZero();
        JsonNode decision = JSON.readTree(propose.out());
        assertThat(decision.path("proposal").asText()).isEqualTo("cli-file");
        assertThat(decision.path("status").asText()).isEqualTo("failed");
        assertThat(decision.path("reason").asText()).isEqualTo("min_participants");
    }

    @Test
    void shouldExitOneWhenTheCoordinatorRejectsTheProposal() {
        run("propose", "--tenant", "cli", "--id", "cli-twice").code();

        Run again = run("propose", "--tenant", "cli", "--id", "cli-twice", "--wait", "--timeout", "60s");

        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("duplicate_proposal");
    }

    @Test
    void shouldTailOneTenantsDecisionsAsJson() throws Exception {
        assertThat(run("propose", "--tenant", "cli-watch", "--id", "w-1", "--wait", "--timeout", "60s").code()).isZero();

        Run watch = run("watch", "--tenant", "cli-watch", "--from-beginning", "--max-messages", "1", "--json");

        assertThat(watch.code()).isZero();
        JsonNode decision = JSON.readTree(watch.out().lines().findFirst().orElseThrow());
        assertThat(decision.path("tenant").asText()).isEqualTo("cli-watch");
        assertThat(decision.path("proposal").asText()).isEqualTo("w-1");
    }

    @Test
    void shouldReadAMirroredDecisionFromPostgres() throws Exception {
        assertThat(run("propose", "--tenant", "cli-pg", "--id", "pg-1", "--wait", "--timeout", "60s").code()).isZero();
        awaitMirrored("cli-pg", "pg-1");

        Run status = run("status", "--tenant", "cli-pg", "--source", "postgres", "--json", "pg-1");

        assertThat(status.code()).as(status.err()).isZero();
        JsonNode json = JSON.readTree(status.out());
        assertThat(json.path("state").asText()).isEqualTo("closed");
        assertThat(json.path("source").asText()).isEqualTo("postgres");
        assertThat(json.path("decision").path("reason").asText()).isEqualTo("min_participants");
    }

    @Test
    void shouldListTheBallotsOfADecisionFromKafkaAndFromPostgres() throws Exception {
        java.util.List<String> agents = java.util.List.of("b1", "b2");
        synod.registerAndAwait("cli-ballots", agents, java.util.Map.of());
        java.util.List<io.synod.sdk.AgentRunner> runners = java.util.List.of(
                io.synod.sdk.AgentRunner.builder("cli-ballots", "b1", new io.synod.examples.ExampleAgent("b1", "approve", "It checks out."))
                        .kafka(synod.kafka()).build().start(),
                io.synod.sdk.AgentRunner.builder("cli-ballots", "b2", new io.synod.examples.ExampleAgent("b2", "approve", "Same here, verified."))
                        .kafka(synod.kafka()).build().start());
        try {
            Run propose = run("propose", "--tenant", "cli-ballots", "--id", "ballots-1", "--participant", "b1,b2", "--min-participants", "2",
                    "--wait", "--timeout", "60s");
            assertThat(propose.code()).as(propose.err()).isZero();
        } finally {
            runners.forEach(io.synod.sdk.AgentRunner::close);
        }
        awaitMirrored("cli-ballots", "ballots-1");

        Run fromKafka = run("status", "--tenant", "cli-ballots", "--source", "kafka", "--ballots", "ballots-1");
        Run fromPostgres = run("status", "--tenant", "cli-ballots", "--source", "postgres", "--ballots", "--json", "ballots-1");

        assertThat(fromKafka.code()).as(fromKafka.err()).isZero();
        assertThat(fromKafka.out()).contains("ballots   round 1, heaviest first").containsPattern("\\n    b1 +approve").containsPattern("\\n    b2 +approve");
        assertThat(fromPostgres.code()).as(fromPostgres.err()).isZero();
        JsonNode ballots = JSON.readTree(fromPostgres.out()).path("ballots");
        assertThat(ballots).hasSize(2);
        assertThat(ballots).extracting(b -> b.path("agent").asText()).containsExactlyInAnyOrder("b1", "b2");
        assertThat(ballots).allSatisfy(b -> {
            assertThat(b.path("choice").asText()).isEqualTo("approve");
            assertThat(b.path("weight").asDouble()).isPositive();
            assertThat(b.path("accuracy").isNull()).isTrue();
        });
    }

    private static void awaitMirrored(String tenant, String proposal) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(synod.infrastructure().jdbcUrl(), synod.infrastructure().jdbcUser(),
                    synod.infrastructure().jdbcPassword());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM decisions WHERE tenant = '" + tenant + "' AND proposal_id = '" + proposal + "'")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("decision of " + proposal + " never mirrored");
    }
}
