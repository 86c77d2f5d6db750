package io.synod.app.gateway;

import io.synod.app.json.DecisionJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** A handler's answer: status, JSON body and extra headers. */
record Response(int status, String body, Map<String, String> headers) {

    static Response json(int status, Object body) {
        return new Response(status, DecisionJson.write(body), Map.of());
    }

    static Response error(int status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("detail", detail);
        return json(status, body);
    }

    static Response empty(int status) {
        return new Response(status, "", Map.of());
    }

    Response withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Response(status, body, all);
    }
}
