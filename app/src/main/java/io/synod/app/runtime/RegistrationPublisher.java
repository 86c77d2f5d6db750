package io.synod.app.runtime;

import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes agent registrations straight to {@code agent.registry} (the demo's and the benchmarks'
 * agents; production registers through PostgreSQL and CDC) and makes sure every one was written. Right
 * after the topic is created, a first batch refused by a partition leader that was not ready yet can
 * be overtaken by the next one and then retry OUT_OF_ORDER_SEQUENCE until its delivery timeout
 * (decision 0032, KAFKA-15591): with the default two minutes, a new user's demo sat silent that long
 * and lost the registration. Here a batch gives up after 15 s and is sent again.
 */
public final class RegistrationPublisher {
    private static final int ATTEMPTS = 5;

    private RegistrationPublisher() {
    }

    /** Publishes every registration, resending those not acknowledged; throws when some still fail after five attempts. */
    public static void publish(Topics topics, Properties kafka, List<AgentRegistration> registrations) throws InterruptedException {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        List<AgentRegistration> pending = registrations;
        try (KafkaProducer<String, AgentRegistration> producer = new KafkaProducer<>(props,
                topics.registry.keySerde().serializer(), topics.registry.valueSerde().serializer())) {
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " agent registrations could not be published");
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(pending.size());
                for (AgentRegistration registration : pending) {
                    sent.add(producer.send(new ProducerRecord<>(topics.registry.name(),
                            Keys.of(registration.getTenant(), registration.getAgentId()), registration)));
                }
                producer.flush();
                List<AgentRegistration> failed = new ArrayList<>();
                for (int i = 0; i < sent.size(); i++) {
                    try {
                        sent.get(i).get();
                    } catch (ExecutionException e) {
                        failed.add(pending.get(i));
                    }
                }
                pending = failed;
            }
        }
    }
}
