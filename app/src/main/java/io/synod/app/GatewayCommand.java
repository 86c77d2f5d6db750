package io.synod.app;

import io.synod.app.gateway.Gateway;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.config.SynodConfig;
import io.synod.topics.Topics;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the REST gateway against a Kafka cluster until stopped.",
                "POST /api/v1/consensus/propose, GET /api/v1/consensus/{id}, webhooks on decisions (HMAC-signed, retried, "
                        + "dead-lettered on consensus.webhooks.dlq) and the OpenAPI description at /api/v1/openapi.json. "
                        + "Its only state is a local index rebuilt from the topics, so any number can run side by side."})
public final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on (default: gateway.port, else 8080; 0 picks a free one).")
    Integer port;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        SynodConfig config = configOption.load();
        Topics topics = ClusterClients.topics(config);
        Integer configured = Gateway.configuredPort(config);
        int listen = port != null ? port : configured != null ? configured : 8080;
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            TopicProvisioner.ensure(admin, topics, config.getInt("topics.partitions"), (short) config.getInt("topics.replication.factor"));
        }
        UntilShutdown shutdown = new UntilShutdown("synod-gateway-shutdown");
        try (Gateway gateway = Gateway.start(config, topics, listen)) {
            System.out.println("Synod gateway at " + gateway.localUrl() + "/api/v1 (OpenAPI: " + gateway.localUrl() + "/api/v1/openapi.json)");
            shutdown.await();
        } finally {
            shutdown.close();
        }
        return 0;
    }
}
