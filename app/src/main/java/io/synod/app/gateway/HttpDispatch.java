package io.synod.app.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to the gateway's handlers and turns every problem into a JSON error: 404 for an
 * unknown path, 405 (with Allow) for a known path with another method, 413 for an oversized body,
 * 401 without the configured bearer token, 500 (logged) when a handler fails.
 */
final class HttpDispatch implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatch.class);

    private final List<Route> routes;
    private final Set<String> public_;
    private final String token;
    private final int maxBodyBytes;

    HttpDispatch(List<Route> routes, Set<String> publicTemplates, String tokenOrBlank, int maxBodyBytes) {
        this.routes = routes;
        this.public_ = publicTemplates;
        this.token = tokenOrBlank;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = respond(exchange);
        } catch (Exception e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = Response.error(500, "internal_error", "the gateway failed to handle the request; see its log");
        }
        send(exchange, response);
    }

    private Response respond(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = route.match(path);
            if (parameters == null) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            if (!token.isBlank() && !public_.contains(route.template()) && !authorized(exchange)) {
                return Response.error(401, "unauthorized", "send Authorization: Bearer <gateway.auth.token>")
                        .withHeader("WWW-Authenticate", "Bearer");
            }
            String body = readBody(exchange.getRequestBody());
            if (body == null) {
                return Response.error(413, "body_too_large", "the body exceeds " + maxBodyBytes + " bytes");
            }
            return route.handler().handle(new Request(parameters, Request.parseQuery(exchange.getRequestURI().getRawQuery()), body));
        }
        if (!allowed.isEmpty()) {
            return Response.error(405, "method_not_allowed", method + " is not served on " + path)
                    .withHeader("Allow", String.join(", ", allowed));
        }
        return Response.error(404, "not_found", "no route " + path + "; see /api/v1/openapi.json");
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }

    /** The body as UTF-8, or null when it is larger than allowed. */
    private String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        return bytes.length > maxBodyBytes ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
