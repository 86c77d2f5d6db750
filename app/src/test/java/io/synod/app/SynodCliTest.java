package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SynodCliTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = SynodCli.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        assertThat(code).as("exit code of synod %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void shouldListEverySubcommandInTheTopLevelHelp() {
        String help = run("--help");
        assertThat(help).contains("demo", "run", "replay", "record", "compare", "simulate", "bench", "keys", "audit", "reputation", "agents",
                "propose", "watch", "status", "gateway");
    }

    @Test
    void shouldGiveEverySubcommandItsOwnHelp() {
        for (String command : List.of("demo", "run", "replay", "record", "compare", "simulate", "bench", "keys", "audit", "reputation", "agents",
                "propose", "watch", "status", "gateway")) {
            assertThat(run(command, "--help")).as(command).contains("Usage: synod " + command);
        }
    }

    @Test
    void shouldGenerateAKeyPairWhosePrivateKeySignsForThePublicOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        run("keys", "generate", "--agent", "w1", "--out", dir.toString());

        var privateKey = io.synod.events.VoteSignatures.privateKey(java.nio.file.Files.readString(dir.resolve("w1.key")).strip());
        var publicKey = io.synod.events.VoteSignatures.publicKey(java.nio.file.Files.readString(dir.resolve("w1.pub")).strip());
        var vote = io.synod.schemas.Vote.newBuilder().setEventId("e").setTenant("t").setProposalId("p").setAgentId("w1")
                .setChoice("approve").setCastAtMs(1L).build();
        assertThat(io.synod.events.VoteSignatures.verify(io.synod.events.VoteSignatures.sign(vote, privateKey), publicKey)).isTrue();
    }

    @Test
    void shouldListTheSameExitCodesInTheHelpOfEveryCommand() {
        List<CommandLine> all = new java.util.ArrayList<>();
        collect(SynodCli.commandLine(), all);
        for (CommandLine command : all) {
            String help = command.getUsageMessage();
            assertThat(help).as(command.getCommandSpec().qualifiedName()).contains("Exit codes:", "0   success", "1   failure", "2   usage error");
        }
        assertThat(all).hasSizeGreaterThan(20);
    }

    @Test
    void shouldSummariseEveryCommandInOneWholeSentenceInItsParentsList() {
        List<CommandLine> all = new java.util.ArrayList<>();
        collect(SynodCli.commandLine(), all);
        for (CommandLine command : all) {
            CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            // The parent's command list shows the header's first line, else the description's, and nothing after it.
            String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(lines).as(command.getCommandSpec().qualifiedName()).isNotEmpty();
            assertThat(lines[0].strip()).as("the summary of %s", command.getCommandSpec().qualifiedName()).endsWith(".");
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @Test
    void shouldExitWithAUsageErrorAndPublishNothingForAnInvalidProposal() {
        StringWriter err = new StringWriter();
        CommandLine cli = SynodCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("propose", "--tenant", "t", "--threshold", "0.3", "--config", "/dev/null");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid proposal (invalid_policy)");
    }

    @Test
    void shouldExitWithAUsageErrorForAProposalFileThatIsNotJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("p.json"), "{\"proposal\": ");
        CommandLine cli = SynodCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("propose", "--file", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("invalid_json");
    }

    @Test
    void shouldExitWithFailureAndOneLineWhenACommandFails(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CommandLine cli = SynodCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("status", "p1", "--config", dir.resolve("missing.properties").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("synod status: cannot read configuration file");
    }

    @Test
    void shouldBuildOnlyTheNamedCommandWithTheSameUsageAsTheWholeCommandLine() {
        CommandLine whole = SynodCli.commandLine();
        for (String command : SynodCli.COMMANDS.keySet()) {
            if (command.equals("help")) {
                continue;
            }
            CommandLine named = SynodCli.commandLine(command, "--help");
            assertThat(named.getSubcommands()).as(command).containsOnlyKeys(command);
            assertThat(usages(named.getSubcommands().get(command))).as(command).isEqualTo(usages(whole.getSubcommands().get(command)));
        }
    }

    private static List<String> usages(CommandLine command) {
        List<CommandLine> all = new java.util.ArrayList<>();
        collect(command, all);
        return all.stream().map(CommandLine::getUsageMessage).toList();
    }

    @Test
    void shouldBuildTheWholeCommandLineForHelpNoCommandOrAnUnknownOne() {
        int all = SynodCli.commandLine().getSubcommands().size();
        assertThat(SynodCli.commandLine("help", "replay").getSubcommands()).hasSize(all);
        assertThat(SynodCli.commandLine().getSubcommands()).hasSize(all);
        assertThat(SynodCli.commandLine("--version").getSubcommands()).hasSize(all);
        assertThat(SynodCli.commandLine("replya", "--in", "x").getSubcommands()).hasSize(all);
        assertThat(all).isEqualTo(17);
    }

    @Test
    void shouldAcceptEnumValuesInAnyCaseInTheNamedCommand() {
        CommandLine named = SynodCli.commandLine("simulate");
        assertThat(named.getSubcommands().get("simulate").isCaseInsensitiveEnumValuesAllowed()).isTrue();
    }

    @Test
    void shouldExitWithAUsageErrorOnAnUnknownOption() {
        CommandLine cli = SynodCli.commandLine("demo", "--no-such-option");
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("demo", "--no-such-option")).isEqualTo(2);
    }
}
