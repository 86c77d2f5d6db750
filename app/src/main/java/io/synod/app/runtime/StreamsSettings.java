package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/** Kafka Streams properties for one of Synod's stream apps, from the layered configuration. */
public final class StreamsSettings {
    /** Keys under {@code streams.app.<app>.} set a Kafka Streams property for that app only. */
    public static final String APP_PREFIX = "streams.app.";

    private StreamsSettings() {
    }

    /** The stream apps a {@code streams.app.<app>.} key may name. */
    static final Set<String> APPS = Set.of(FusedVotePath.APP, SynodTopologies.DETECTOR, SynodTopologies.COORDINATOR,
            SynodTopologies.REPUTATION, SynodTopologies.QUALITY);

    /** Refuses a per-app setting naming no stream app (a typo would otherwise be ignored without a word). */
    public static void checkAppSettings(SynodConfig config) {
        for (String key : config.asMap().keySet()) {
            if (!key.startsWith(APP_PREFIX)) {
                continue;
            }
            // App names have no dot, settings always have one: the app ends at the first dot.
            String rest = key.substring(APP_PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot < 0 || dot == rest.length() - 1 || !APPS.contains(rest.substring(0, dot))) {
                throw new IllegalArgumentException("configuration key " + key + " names no stream app; expected "
                        + APP_PREFIX + "<app>.<setting> with <app> one of " + new TreeSet<>(APPS));
            }
        }
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
        // streams.app.<app>.<setting>: a Kafka Streams setting for this app alone, over the kafka.* ones; but a per-app
        // code default gives way to a kafka.* setting that a file or the environment chose (and no shell can export a
        // variable for a detector-coordinator key, hyphen and all).
        String own = APP_PREFIX + app + ".";
        config.asMap().forEach((key, value) -> {
            String setting = key.startsWith(own) ? key.substring(own.length()) : null;
            if (setting != null && !value.isEmpty() && (config.isExplicit(key) || !config.isExplicit("kafka." + setting))) {
                props.put(setting, value);
            }
        });
        return props;
    }

    /**
     * A benchmark's stand-in for one of Synod's apps: that app's Kafka Streams settings (its stream
     * threads, commit interval and any other {@code streams.app.<app>.} key) under the stand-in's own
     * application id and state directory. A pass-through ceiling measured with other settings than
     * the path it stands for would not be Kafka's limit for that path. A paced vote path's stand-in
     * commits at the pace throughout (decision 0103): the pass-through keeps up, and its loop is fastest
     * with short commits.
     */
    public static Properties standIn(SynodConfig config, String app, String standIn, Path stateRoot) {
        Properties props = forApp(config, app, stateRoot);
        CommitPacer.Settings pacing = CommitPacer.Settings.forApp(config, app);
        if (pacing.enabled()) {
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(pacing.paceMs()));
        }
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("streams.application.id.prefix") + "-" + standIn);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(standIn).toString());
        return props;
    }
}
