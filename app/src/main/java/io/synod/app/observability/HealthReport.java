package io.synod.app.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of a set of checks: healthy when none has a problem; rendered as a small JSON object. */
public record HealthReport(boolean healthy, Map<String, String> checks) {

    public static HealthReport of(List<HealthCheck> checks) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean healthy = true;
        for (HealthCheck check : checks) {
            String problem = check.problem();
            healthy &= problem == null;
            results.put(check.name(), problem == null ? "UP" : problem);
        }
        return new HealthReport(healthy, results);
    }

    public String json() {
        StringBuilder out = new StringBuilder("{\"status\":\"").append(healthy ? "UP" : "DOWN").append("\",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, String> check : checks.entrySet()) {
            out.append(first ? "" : ",").append(quote(check.getKey())).append(':').append(quote(check.getValue()));
            first = false;
        }
        return out.append("}}").toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
