package io.synod.app;

import io.synod.app.bench.BenchCommand;
import io.synod.app.compare.CompareCommand;
import io.synod.app.demo.DemoCommand;
import io.synod.app.replay.ReplayCommand;
import io.synod.app.simulate.SimulateCommand;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "synod", mixinStandardHelpOptions = true, version = "synod 0.1.0",
        description = "Byzantine-tolerant consensus for many agents, on Kafka Streams.")
public final class SynodCli implements Runnable {
    /** The same exit codes everywhere, listed in every command's help. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    static final int USAGE_WIDTH = 120;

    /** The subcommands by name, in the order the help lists them. */
    static final Map<String, Class<?>> COMMANDS = commands(DemoCommand.class, RunCommand.class, ReplayCommand.class, RecordCommand.class, CompareCommand.class,
            SimulateCommand.class, BenchCommand.class, KeysCommand.class, AuditCommand.class, ReputationCommand.class, AgentsCommand.class, TenantsCommand.class,
            ProposeCommand.class, WatchCommand.class, StatusCommand.class, GatewayCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.synod");
        // Otherwise picocli looks for Groovy's Closure class, which is nowhere, and the class loader
        // opens every one of the 160 jars on the class path to be sure: 40-50 ms of each command's start.
        System.setProperty("picocli.disable.closures", "true");
        System.exit(commandLine(args).execute(args));
    }

    /** The whole command line with its error handling: a usage error exits 2 with the usage, a failure exits 1 with one line. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS.values());
    }

    /**
     * The command line for these arguments: when they start with a command's name, only that command
     * is built. Picocli builds every command's model by reflection up front, a third of a CPU second
     * here, almost half of a short replay's main-thread time (profiled); usage, parsing, help and errors of
     * the named command are the same either way. Anything else (no command, an option, {@code help},
     * a misspelt name) gets the whole command line, so the usage lists every command.
     */
    public static CommandLine commandLine(String... args) {
        Class<?> named = args.length == 0 || "help".equals(args[0]) ? null : COMMANDS.get(args[0]);
        return commandLine(named == null ? COMMANDS.values() : List.of(named));
    }

    private static CommandLine commandLine(Collection<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new SynodCli());
        for (Class<?> subcommand : subcommands) {
            cli.addSubcommand(subcommand);
        }
        // After the subcommands are added: picocli's setters reach only the subcommands already there.
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // The commands' descriptions are written in lines of up to 120 characters; at picocli's
        // default 80 every one of them would wrap into a ragged pair.
        cli.setUsageHelpWidth(USAGE_WIDTH);
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

    private static Map<String, Class<?>> commands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> command : classes) {
            byName.put(command.getAnnotation(Command.class).name(), command);
        }
        return Collections.unmodifiableMap(byName);
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
