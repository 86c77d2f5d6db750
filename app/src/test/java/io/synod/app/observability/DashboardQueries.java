package io.synod.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The PromQL queries of the provisioned Grafana dashboards, and the metric names they read. */
final class DashboardQueries {
    static final Path DASHBOARDS = Path.of("..", "deploy", "grafana", "dashboards");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private DashboardQueries() {
    }

    /** One query with the dashboard file and panel it came from, for failure messages. */
    record Query(String where, String expr) {
    }

    static List<Query> all() throws IOException {
        List<Query> queries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new Query(file.getFileName() + " / " + panel.path("title").asText(), target.path("expr").asText()));
                    }
                }
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    queries.add(new Query(file.getFileName() + " / $" + variable.path("name").asText(),
                            variable.path("query").path("query").asText(variable.path("query").asText())));
                }
            }
        }
        return queries;
    }

    /** The metric names a PromQL expression (or a Grafana label_values() query) selects. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expr);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String stripped = STRING.matcher(expr).replaceAll("\"\"");
        stripped = stripped.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String token = identifier.group();
            int next = identifier.end();
            while (next < stripped.length() && Character.isWhitespace(stripped.charAt(next))) {
                next++;
            }
            boolean function = next < stripped.length() && stripped.charAt(next) == '(';
            boolean inNumber = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
            if (!function && !inNumber && !KEYWORDS.contains(token.toLowerCase(java.util.Locale.ROOT))) {
                names.add(token);
            }
        }
        return names;
    }

    /** The sample names in a Prometheus text exposition (histograms give their _bucket, _count and _sum). */
    static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
