package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.embedded.EmbeddedKafkaBroker;
import io.synod.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** Topics made before the input limits existed get them on the next start; others are left alone. */
class TopicLimitsUpgradeIT {

    @Test
    void shouldSetTheMissingLimitsOnTopicsAnEarlierVersionCreated() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                // Given: the votes topic as an older Synod created it, with a retention the operator chose.
                admin.createTopics(List.of(new NewTopic(Topics.VOTES, 3, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")))).all().get();

                // When
                List<String> created = TopicProvisioner.ensure(admin, Topics.local(), 3, (short) 1);

                // Then (a config change reaches the broker through the metadata log, a moment later)
                assertThat(created).doesNotContain(Topics.VOTES).contains(Topics.DECISIONS);
                Config votes = awaitConfig(admin, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TopicProvisioner.MAX_MESSAGE_BYTES));
                assertThat(votes.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo(String.valueOf(TopicProvisioner.MAX_MESSAGE_BYTES));
                assertThat(votes.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG).value())
                        .isEqualTo(String.valueOf(TopicProvisioner.MAX_FUTURE_TIMESTAMP_MS));
                assertThat(votes.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
                assertThat(TopicProvisioner.upgradeLimits(admin, Map.of(Topics.VOTES, false))).isEmpty();
            }
        }
    }

    private static Config awaitConfig(Admin admin, String key, String value) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.VOTES)))
                    .all().get().values().iterator().next();
            if (value.equals(config.get(key).value()) || System.nanoTime() > deadline) {
                return config;
            }
            Thread.sleep(100);
        }
    }
}
