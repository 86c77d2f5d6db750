package io.synod.app.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver for tests: accepts {@code POST /v1/traces} and keeps the protobuf
 * bodies. Span names and trace ids are plain bytes in that encoding, so tests look for them there.
 */
final class FakeOtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    FakeOtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                exports.add(exchange.getRequestBody().readAllBytes());
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** The base endpoint, as {@code otel.exporter.otlp.endpoint} takes it. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    boolean received(String spanName) {
        byte[] name = spanName.getBytes(StandardCharsets.UTF_8);
        return exports.stream().anyMatch(body -> indexOf(body, name) >= 0);
    }

    /** Whether a span of this trace (32 hex digits) arrived with this name in the same export. */
    boolean received(String spanName, String traceIdHex) {
        byte[] name = spanName.getBytes(StandardCharsets.UTF_8);
        byte[] traceId = HexFormat.of().parseHex(traceIdHex);
        return exports.stream().anyMatch(body -> indexOf(body, name) >= 0 && indexOf(body, traceId) >= 0);
    }

    boolean awaitReceived(String spanName, String traceIdHex, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (received(spanName, traceIdHex)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
