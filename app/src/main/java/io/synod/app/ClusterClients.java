package io.synod.app;

import io.synod.config.SynodConfig;
import io.synod.coordinator.CoordinatorConfig;
import io.synod.schemas.Policy;
import io.synod.sdk.SynodClient;
import io.synod.topics.Topics;

/** What the cluster-facing commands build from the configuration: the topic registry, an SDK client, the default policy. */
final class ClusterClients {
    private ClusterClients() {
    }

    static Topics topics(SynodConfig config) {
        return Topics.forRegistryUrl(config.getOrBlank("schema.registry.url"));
    }

    static SynodClient client(SynodConfig config) {
        return SynodClient.connect(config.kafkaClientProperties(), topics(config));
    }

    static Policy defaultPolicy(SynodConfig config) {
        return CoordinatorConfig.from(config).defaultPolicy();
    }
}
