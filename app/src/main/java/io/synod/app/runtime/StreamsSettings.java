package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** Kafka Streams properties for one of Synod's stream apps, from the layered configuration. */
public final class StreamsSettings {
    private StreamsSettings() {
    }

    public static Properties forApp(SynodConfig config, String app, Path stateRoot) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("streams.application.id.prefix") + "-" + app);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(app).toString());
        // Every operator, store and internal topic must carry a name we chose, so upgrades keep state.
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // Undecodable input goes to the dead-letter topic with its headers; the stream thread keeps running.
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicProvisioner.DEAD_LETTER_TOPIC);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get("topics.replication.factor"));
        return props;
    }
}
