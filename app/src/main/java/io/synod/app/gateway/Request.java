package io.synod.app.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** What a handler sees of an HTTP request: path parameters, query parameters and the body. */
record Request(Map<String, String> pathParameters, Map<String, String> query, String body) {

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int at = pair.indexOf('=');
            String name = URLDecoder.decode(at < 0 ? pair : pair.substring(0, at), StandardCharsets.UTF_8);
            String value = at < 0 ? "" : URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    String path(String name) {
        return pathParameters.get(name);
    }

    String query(String name, String absent) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? absent : value;
    }
}
