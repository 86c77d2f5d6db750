package io.synod.app.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's small operations HTTP server (the JDK's, no dependency): {@code GET /metrics} in the
 * Prometheus text format (OpenMetrics when asked for), {@code /health/live} and
 * {@code /health/ready}, 200 when healthy and 503 with the failing checks otherwise.
 */
public final class OpsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    private OpsServer(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    public static OpsServer start(String host, int port, Observability observability,
                                  Supplier<HealthReport> liveness, Supplier<HealthReport> readiness) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "synod-ops-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String contentType = accept != null && accept.contains("application/openmetrics-text")
                    ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : "text/plain; version=0.0.4; charset=utf-8";
            respond(exchange, 200, contentType, observability.scrape(contentType));
        });
        server.createContext("/health/live", exchange -> health(exchange, liveness.get()));
        server.createContext("/health/ready", exchange -> health(exchange, readiness.get()));
        server.start();
        return new OpsServer(server, executor, host);
    }

    private static void health(HttpExchange exchange, HealthReport report) throws IOException {
        respond(exchange, report.healthy() ? 200 : 503, "application/json", report.json());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where to reach the server from this machine, e.g. {@code http://127.0.0.1:9400}. */
    public String baseUrl() {
        String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + reachable + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
