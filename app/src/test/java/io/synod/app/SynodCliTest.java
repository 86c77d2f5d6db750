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
        CommandLine cli = new CommandLine(new SynodCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        assertThat(code).as("exit code of synod %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void shouldListEverySubcommandInTheTopLevelHelp() {
        String help = run("--help");
        assertThat(help).contains("demo", "run", "replay", "simulate", "bench", "keys", "audit", "reputation", "agents");
    }

    @Test
    void shouldGiveEverySubcommandItsOwnHelp() {
        for (String command : List.of("demo", "run", "replay", "simulate", "bench", "keys", "audit", "reputation", "agents")) {
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
    void shouldExitWithAUsageErrorOnAnUnknownOption() {
        CommandLine cli = new CommandLine(new SynodCli());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("demo", "--no-such-option")).isEqualTo(2);
    }
}
