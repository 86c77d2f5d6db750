package io.synod.app;


import io.synod.app.bench.BenchCommand;
import io.synod.app.demo.DemoCommand;
import io.synod.app.replay.ReplayCommand;
import io.synod.app.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "synod", mixinStandardHelpOptions = true, version = "synod 0.1.0",
        description = "Byzantine-tolerant consensus for many agents, on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, SimulateCommand.class, BenchCommand.class, KeysCommand.class, AuditCommand.class, ReputationCommand.class, AgentsCommand.class, TenantsCommand.class, CommandLine.HelpCommand.class})
public final class SynodCli implements Runnable {

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.synod");
        System.exit(new CommandLine(new SynodCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
