package io.synod.app;

import io.synod.app.gateway.Gateway;
import io.synod.app.runtime.SynodNode;
import io.synod.config.SynodConfig;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the stream apps against a real Kafka cluster and PostgreSQL.",
                "The detector, coordinator and reputation apps, the PostgreSQL mirror and the registry CDC, against",
                "kafka.bootstrap.servers and postgres.url from the configuration, and the REST gateway when gateway.port is set.",
                "Runs until stopped (SIGTERM, Ctrl-C). Serves /metrics, /health/live and /health/ready on metrics.port."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--apps", paramLabel = "LIST",
            description = "Only these parts, comma-separated: detector, coordinator, reputation, mirror, cdc (default: node.apps, all).")
    String apps;

    @Override
    public Integer call() throws Exception {
        SynodConfig config = configOption.load();
        if (apps != null) {
            config = config.with("node.apps", apps);
        }
        Topics topics = Topics.forRegistryUrl(config.getOrBlank("schema.registry.url"));
        UntilShutdown shutdown = new UntilShutdown("synod-run-shutdown");
        try (SynodNode node = SynodNode.start(config, topics, Duration.ofMinutes(2));
             Gateway gateway = Gateway.startIfConfigured(config, topics)) {
            System.out.println("Synod is running " + node.apps().describe() + " against " + config.get("kafka.bootstrap.servers")
                    + (gateway == null ? "" : "; REST gateway at " + gateway.localUrl() + "/api/v1"));
            if (node.opsUrl() != null) {
                System.out.println("Metrics at " + node.opsUrl() + "/metrics, health at " + node.opsUrl() + "/health/ready and /health/live");
            }
            shutdown.await();
        } finally {
            shutdown.close();
        }
        return 0;
    }
}
