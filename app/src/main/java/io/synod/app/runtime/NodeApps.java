package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which parts one Synod process runs ({@code node.apps}, {@code synod run --apps}): the three
 * stream apps, the PostgreSQL mirror and the registry CDC. All of them by default; one each per
 * container in docker compose, so each scales, restarts and fails on its own.
 */
public record NodeApps(Set<App> apps) {

    public enum App {
        DETECTOR, COORDINATOR, REPUTATION, MIRROR, CDC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isStreamApp() {
            return this == DETECTOR || this == COORDINATOR || this == REPUTATION;
        }
    }

    public static NodeApps from(SynodConfig config) {
        return parse(config.get("node.apps"));
    }

    public static NodeApps parse(String list) {
        EnumSet<App> apps = EnumSet.noneOf(App.class);
        for (String item : list.split(",")) {
            String id = item.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            apps.add(Arrays.stream(App.values()).filter(app -> app.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown app '" + id + "' in node.apps; expected any of "
                            + Arrays.stream(App.values()).map(App::id).collect(Collectors.joining(", ")))));
        }
        if (apps.isEmpty()) {
            throw new IllegalArgumentException("node.apps names no app");
        }
        return new NodeApps(Set.copyOf(apps));
    }

    public boolean runs(App app) {
        return apps.contains(app);
    }

    public boolean runs(String streamApp) {
        // The embedding side path belongs to the detector: it runs wherever the detector does.
        String owner = SynodTopologies.QUALITY.equals(streamApp) ? App.DETECTOR.id() : streamApp;
        return apps.stream().anyMatch(app -> app.isStreamApp() && app.id().equals(owner));
    }

    /** The mirror and the CDC need the schema (migrations) and the application role. */
    public boolean usesPostgres() {
        return runs(App.MIRROR) || runs(App.CDC);
    }

    /** e.g. "detector,coordinator", in a stable order: for logs and the trace service name. */
    public String describe() {
        return Arrays.stream(App.values()).filter(apps::contains).map(App::id).collect(Collectors.joining(","));
    }
}
