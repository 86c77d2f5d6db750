package io.synod.app.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP endpoint that records what it is sent and answers with a fixed status. */
final class FakeWebhookReceiver implements AutoCloseable {
    record Received(Map<String, String> headers, byte[] body, long atMs) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status;

    FakeWebhookReceiver(int status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            received.add(new Received(headers, exchange.getRequestBody().readAllBytes(), System.currentTimeMillis()));
            exchange.sendResponseHeaders(this.status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        return received;
    }

    /** What arrived for one proposal (the body names it), in arrival order. */
    List<Received> forProposal(String proposal) {
        return received.stream().filter(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"proposal\":\"" + proposal + "\"")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
