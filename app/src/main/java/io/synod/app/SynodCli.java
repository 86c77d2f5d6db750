package io.synod.app;


import io.synod.app.bench.BenchCommand;
import io.synod.app.demo.DemoCommand;
import io.synod.app.replay.ReplayCommand;
import io.synod.app.simulate.SimulateCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "synod", mixinStandardHelpOptions = true, version = "synod 0.1.0",
        description = "Byzantine-tolerant consensus for many agents, on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, SimulateCommand.class, BenchCommand.class, KeysCommand.class, AuditCommand.class, ReputationCommand.class, AgentsCommand.class, TenantsCommand.class,
                ProposeCommand.class, WatchCommand.class, StatusCommand.class, GatewayCommand.class, CommandLine.HelpCommand.class})
public final class SynodCli implements Runnable {
    /** The same exit codes everywhere, listed in every command's help. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.synod");
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a usage error exits 2 with the usage, a failure exits 1 with one line. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SynodCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            commandLine.getErr().println("synod " + commandLine.getCommandName() + ": " + message(error));
            commandLine.getErr().flush();
            return FAILURE;
        });
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "success");
        exitCodes.put("1", "failure (the command ran and could not do its work)");
        exitCodes.put("2", "usage error (unknown option, missing or invalid argument or input)");
        applyExitCodes(cli, exitCodes);
        return cli;
    }

    private static void applyExitCodes(CommandLine cli, Map<String, String> exitCodes) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        cli.getSubcommands().values().forEach(sub -> applyExitCodes(sub, exitCodes));
    }

    private static String message(Throwable error) {
        Throwable root = error;
        while ((root instanceof java.util.concurrent.ExecutionException || root instanceof java.util.concurrent.CompletionException
                || root.getMessage() == null) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
