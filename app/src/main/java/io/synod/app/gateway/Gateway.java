package io.synod.app.gateway;

import com.sun.net.httpserver.HttpServer;
import io.synod.app.runtime.Directories;
import io.synod.config.SynodConfig;
import io.synod.coordinator.CoordinatorConfig;
import io.synod.schemas.Proposal;
import io.synod.schemas.WebhookSubscription;
import io.synod.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The REST gateway: an HTTP server (the JDK's, see docs/decisions/0017) in front of the topics —
 * proposals in, statuses out of a global-store index, decisions pushed to webhooks. Any number of
 * instances can run side by side; each answers for every proposal.
 */
public final class Gateway implements AutoCloseable {
    static final String OPENAPI = "/api/v1/openapi.json";

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final WebhookDispatcher dispatcher;
    private final Path stateRoot;
    private final boolean ownsStateRoot;

    private Gateway(SynodConfig config, Topics topics, int port) throws Exception {
        String configuredState = config.getOrBlank("streams.state.dir");
        ownsStateRoot = configuredState.isBlank();
        stateRoot = ownsStateRoot ? Files.createTempDirectory("synod-gateway-") : Path.of(configuredState);
        try {
            Properties kafka = config.kafkaClientProperties();
            StatusIndex index = new StatusIndex(config, topics, stateRoot);
            parts.add(index);
            Properties producerProps = new Properties();
            producerProps.putAll(kafka);
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            KafkaProducer<String, Proposal> producer = new KafkaProducer<>(producerProps, topics.proposals.keySerde().serializer(),
                    topics.proposals.valueSerde().serializer());
            parts.add(() -> producer.close(Duration.ofSeconds(5)));
            WebhookRegistry registry = new WebhookRegistry(topics, kafka, configuredWebhooks(config));
            parts.add(registry);
            dispatcher = new WebhookDispatcher(topics, kafka, config.get("streams.application.id.prefix") + "-gateway-webhooks", registry,
                    new Backoff(config.getLong("gateway.webhooks.backoff.initial.ms"), config.getLong("gateway.webhooks.backoff.max.ms"),
                            config.getInt("gateway.webhooks.max.attempts")),
                    Duration.ofMillis(config.getLong("gateway.webhooks.timeout.ms")));
            parts.add(dispatcher);

            routes = new ArrayList<>();
            routes.addAll(new ConsensusApi(topics, CoordinatorConfig.from(config).defaultPolicy(), producer, index).routes());
            routes.addAll(new WebhooksApi(registry).routes());
            String openApi = openApiDocument();
            routes.add(new Route("GET", OPENAPI, request -> new Response(200, openApi, java.util.Map.of())));

            index.start(Duration.ofMinutes(2));
            registry.awaitLoaded(Duration.ofSeconds(60));
            dispatcher.start();
            dispatcher.awaitAssignment(Duration.ofSeconds(30));

            server = HttpServer.create(new InetSocketAddress(config.get("gateway.host"), port), 0);
            executor = Executors.newFixedThreadPool(config.getInt("gateway.threads"), r -> {
                Thread thread = new Thread(r, "synod-gateway-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/", new HttpDispatch(routes, Set.of(OPENAPI), config.getOrBlank("gateway.auth.token"),
                    config.getInt("gateway.max.body.bytes")));
            server.start();
        } catch (Exception e) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                closeQuietly(parts.get(i));
            }
            if (ownsStateRoot) {
                Directories.deleteRecursively(stateRoot);
            }
            throw e;
        }
    }

    /** Starts the gateway on {@code port} (0 picks a free one) and returns once it serves requests. */
    public static Gateway start(SynodConfig config, Topics topics, int port) throws Exception {
        return new Gateway(config, topics, port);
    }

    /** The gateway on {@code gateway.port} when that is set, else null (nothing started). */
    public static Gateway startIfConfigured(SynodConfig config, Topics topics) throws Exception {
        Integer port = configuredPort(config);
        return port == null ? null : start(config, topics, port);
    }

    /** The port from {@code gateway.port}, or null when the gateway is not configured. */
    public static Integer configuredPort(SynodConfig config) {
        String port = config.getOrBlank("gateway.port").trim();
        return port.isEmpty() ? null : Integer.valueOf(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL on this machine, e.g. http://localhost:8080. */
    public String localUrl() {
        return "http://localhost:" + port();
    }

    /** The method and path template of every route served, for the OpenAPI check. */
    public List<String> routeSignatures() {
        return routes.stream().map(r -> r.method() + " " + r.template()).toList();
    }

    static String openApiDocument() {
        try (InputStream in = Gateway.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<WebhookSubscription> configuredWebhooks(SynodConfig config) {
        List<WebhookSubscription> webhooks = new ArrayList<>();
        String urls = config.getOrBlank("gateway.webhooks.urls").trim();
        if (urls.isEmpty()) {
            return webhooks;
        }
        String secret = config.getOrBlank("gateway.webhooks.secret");
        if (secret.length() < 16) {
            throw new IllegalArgumentException("gateway.webhooks.urls needs gateway.webhooks.secret (at least 16 characters) to sign deliveries");
        }
        int n = 0;
        for (String url : urls.split(",")) {
            String trimmed = url.trim();
            String problem = WebhooksApi.problemWithUrl(trimmed);
            if (problem != null) {
                throw new IllegalArgumentException("gateway.webhooks.urls: " + problem + ": " + trimmed);
            }
            webhooks.add(WebhookSubscription.newBuilder().setId("config-" + (++n)).setUrl(trimmed).setSecret(secret)
                    .setTenant(null).setStatuses(List.of()).setCreatedAtMs(0L).build());
        }
        return webhooks;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(1);
            executor.shutdownNow();
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            closeQuietly(parts.get(i));
        }
        if (ownsStateRoot) {
            Directories.deleteRecursively(stateRoot);
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("closing {} failed", part, e);
        }
    }
}
