package io.synod.app.runtime;

import io.synod.app.observability.HealthCheck;
import io.synod.app.observability.HealthReport;
import io.synod.app.observability.OutputObserver;
import io.synod.reputation.mirror.PostgresMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness (restart me: a stream app failed for good, a worker thread died) and readiness (I do my
 * job now: every Synod topic exists, every stream app is RUNNING, the mirror reaches PostgreSQL
 * and its writes succeed, the CDC engine runs) of one node, over the parts it runs.
 */
final class NodeHealth {
    private final Admin admin;
    private final Set<String> topics;
    private final Map<String, KafkaStreams> streams;
    private final PostgresMirror mirror;
    private final Thread mirrorThread;
    private final DatabasePing database;
    private final java.util.function.Supplier<RegistryCdc> cdc;
    private final List<OutputObserver> observers;
    private final BooleanSupplier closing;

    NodeHealth(Admin admin, Set<String> topics, Map<String, KafkaStreams> streams, PostgresMirror mirror, Thread mirrorThread,
               DatabasePing database, java.util.function.Supplier<RegistryCdc> cdc, List<OutputObserver> observers, BooleanSupplier closing) {
        this.admin = admin;
        this.topics = topics;
        this.streams = streams;
        this.mirror = mirror;
        this.mirrorThread = mirrorThread;
        this.database = database;
        this.cdc = cdc;
        this.observers = observers;
        this.closing = closing;
    }

    HealthReport liveness() {
        List<HealthCheck> checks = new ArrayList<>();
        streams.forEach((app, instance) -> checks.add(HealthCheck.of("streams." + app, () -> {
            KafkaStreams.State state = instance.state();
            boolean dead = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || (state == KafkaStreams.State.NOT_RUNNING && !closing.getAsBoolean());
            return dead ? state.toString() : null;
        })));
        if (mirror != null) {
            checks.add(HealthCheck.of("mirror", () -> mirrorThread.isAlive() || closing.getAsBoolean() ? null : "mirror thread stopped"));
        }
        checks.add(HealthCheck.of("cdc", () -> cdc.get() == null ? null : cdc.get().stoppedBecause()));
        checks.add(HealthCheck.of("metrics", () -> observers.stream().allMatch(OutputObserver::isAlive) || closing.getAsBoolean()
                ? null : "a metrics observer stopped"));
        return HealthReport.of(checks);
    }

    HealthReport readiness() {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(HealthCheck.of("topics", this::missingTopics));
        streams.forEach((app, instance) -> checks.add(HealthCheck.of("streams." + app,
                () -> instance.state() == KafkaStreams.State.RUNNING ? null : instance.state().toString())));
        if (mirror != null) {
            checks.add(HealthCheck.of("mirror", () -> {
                if (!mirrorThread.isAlive()) {
                    return "mirror thread stopped";
                }
                if (!mirror.healthy()) {
                    return "PostgreSQL refuses the mirror's writes (retrying)";
                }
                return database.problem();
            }));
        }
        checks.add(HealthCheck.of("cdc", () -> cdc.get() == null ? null : cdc.get().stoppedBecause()));
        return HealthReport.of(checks);
    }

    private String missingTopics() {
        try {
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(admin.listTopics().names().get(3, TimeUnit.SECONDS));
            return missing.isEmpty() ? null : "missing " + missing;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "Kafka unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
