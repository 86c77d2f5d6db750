package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedKafkaBroker;
import io.synod.schemas.AgentRegistration;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

class RegistrationPublisherIT {

    @Test
    void shouldWriteEveryRegistrationToATopicCreatedAMomentBefore() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            SynodConfig config = SynodConfig.defaults().with(Map.of("kafka.bootstrap.servers", broker.bootstrapServers()));
            Topics topics = Topics.local();
            Properties kafka = config.kafkaClientProperties();
            try (Admin admin = Admin.create(kafka)) {
                TopicProvisioner.ensure(admin, topics, 3, (short) 1);
            }
            List<AgentRegistration> registrations = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                registrations.add(AgentRegistration.newBuilder().setTenant("demo").setAgentId("agent-" + i).setActive(true)
                        .setUpdatedAtMs(1L).build());
            }

            RegistrationPublisher.publish(topics, kafka, registrations);

            Properties props = new Properties();
            props.putAll(kafka);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "registration-publisher-it");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            Map<String, AgentRegistration> read = new HashMap<>();
            try (KafkaConsumer<String, AgentRegistration> consumer = new KafkaConsumer<>(props,
                    topics.registry.keySerde().deserializer(), topics.registry.valueSerde().deserializer())) {
                consumer.subscribe(List.of(topics.registry.name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read.size() < 12 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> read.put(record.key(), record.value()));
                }
            }
            assertThat(read).hasSize(12).containsKeys("demo/agent-0", "demo/agent-11");
            assertThat(read.get("demo/agent-3").getActive()).isTrue();
        }
    }
}
