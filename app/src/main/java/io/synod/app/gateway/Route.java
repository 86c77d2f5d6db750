package io.synod.app.gateway;

import java.util.HashMap;
import java.util.Map;

/** One method and path template the gateway serves, e.g. GET /api/v1/consensus/{id}. */
record Route(String method, String template, Handler handler) {

    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** The path parameters when {@code path} fits the template, else null. */
    Map<String, String> match(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                parameters.put(want[i].substring(1, want[i].length() - 1), java.net.URLDecoder.decode(got[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return parameters;
    }
}
