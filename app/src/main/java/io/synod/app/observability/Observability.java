package io.synod.app.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.synod.config.SynodConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's metrics and tracing: a single Prometheus registry that every part of the node
 * records into (handed to each, never a static global), the Kafka Streams and client metrics bound
 * to it through Micrometer's Kafka binders, JVM metrics, and the OpenTelemetry tracing.
 */
public final class Observability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Tracing tracing;
    private final TenantTags tenants;
    private final Duration kafkaRefresh;
    private final ScheduledExecutorService kafkaRefresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "synod-kafka-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Observability(Tracing tracing, TenantTags tenants, Duration kafkaRefresh, Set<String> topics) {
        this.tracing = tracing;
        this.tenants = tenants;
        this.kafkaRefresh = kafkaRefresh;
        // Kafka clients report per-topic metrics twice for a topic with dots in its name, once with the
        // dots replaced by underscores (for JMX); keeping both would double every sum over topics.
        Set<String> legacyNames = topics.stream().filter(t -> t.contains(".")).map(t -> t.replace('.', '_')).collect(Collectors.toSet());
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.") && legacyNames.contains(id.getTag("topic"))));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** {@code topics}: the names of the topics this process reads or writes. */
    public static Observability create(SynodConfig config, String serviceName, Set<String> topics) {
        return new Observability(Tracing.from(config, serviceName), new TenantTags(config.getInt("metrics.tenant.max")),
                Duration.ofMillis(config.getLong("metrics.kafka.refresh.ms")), topics);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of everything recorded in this process. */
    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    public Tracing tracing() {
        return tracing;
    }

    public TenantTags tenants() {
        return tenants;
    }

    /**
     * Tags every Kafka meter carries, so that one metric name has one label set whichever client
     * reports it: {@code app} (detector, coordinator, ...) and {@code group} (the consumer group or
     * Streams application id).
     */
    public static Iterable<Tag> kafkaTags(String app, String group) {
        return Tags.of("app", app, "group", group);
    }

    public void bind(KafkaStreams streams, String app, String applicationId) {
        keep(new KafkaStreamsMetrics(streams, kafkaTags(app, applicationId), kafkaRefresher, kafkaRefresh));
    }

    public void bind(Consumer<?, ?> consumer, String app, String group) {
        keep(new KafkaClientMetrics(consumer, kafkaTags(app, group), kafkaRefresher, kafkaRefresh));
    }

    public void bind(Producer<?, ?> producer, String app) {
        keep(new KafkaClientMetrics(producer, kafkaTags(app, ""), kafkaRefresher, kafkaRefresh));
    }

    private synchronized void keep(KafkaStreamsMetrics binder) {
        binder.bindTo(registry);
        closeables.add(binder);
    }

    private synchronized void keep(KafkaClientMetrics binder) {
        binder.bindTo(registry);
        closeables.add(binder);
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing a metrics binder failed", e);
            }
        }
        closeables.clear();
        kafkaRefresher.shutdownNow();
        tracing.close();
        registry.close();
    }
}
