package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

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
        // A record a processor cannot handle (a bug meeting unforeseen input) goes the same way, with the exception in its
        // headers, instead of killing the thread on every retry and stalling its partitions for good (decision 0038).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Room for the largest record a topic holds, and for a dead letter carrying one (decision 0037).
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                String.valueOf(TopicProvisioner.DEAD_LETTER_MAX_MESSAGE_BYTES + 64 * 1024));
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get("topics.replication.factor"));
        return props;
    }
}
