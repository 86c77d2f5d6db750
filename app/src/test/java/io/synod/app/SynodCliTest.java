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
        assertThat(help).contains("demo", "run", "replay");
    }

    @Test
    void shouldGiveEverySubcommandItsOwnHelp() {
        for (String command : List.of("demo", "run", "replay")) {
            assertThat(run(command, "--help")).as(command).contains("Usage: synod " + command);
        }
    }

    @Test
    void shouldExitWithAUsageErrorOnAnUnknownOption() {
        CommandLine cli = new CommandLine(new SynodCli());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("demo", "--no-such-option")).isEqualTo(2);
    }
}
