package io.synod.app.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code synod run --apps LIST} in a JVM of its own, started with {@link ProcessBuilder} from
 * this JVM's classpath, its output appended to a log file. {@link #kill()} is SIGKILL (no shutdown
 * hook runs, nothing is flushed or committed), {@link #stop()} SIGTERM (a clean close).
 */
final class SynodProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String apps;
    private final Path configFile;
    private final Path log;
    private final int metricsPort;
    private final List<String> jvmOptions;
    private volatile Process process;
    private int starts;

    SynodProcess(String name, String apps, Path configFile, Path log, int metricsPort, List<String> jvmOptions) {
        this.name = name;
        this.apps = apps;
        this.configFile = configFile;
        this.log = log;
        this.metricsPort = metricsPort;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    String name() {
        return name;
    }

    String apps() {
        return apps;
    }

    int starts() {
        return starts;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod");
        command.add("-cp");
        command.add(classpath());
        command.add("io.synod.app.SynodCli");
        command.add("run");
        command.add("--config");
        command.add(configFile.toString());
        command.add("--apps");
        command.add(apps);
        try {
            Files.writeString(log, "\n==== start " + (starts + 1) + " of " + name + " (" + apps + ") at " + java.time.Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Under surefire/failsafe the JVM's class path may be a manifest-only jar that is deleted when
     * the test JVM ends; the plugin names the real class path in a property.
     */
    private static String classpath() {
        String tests = System.getProperty("surefire.test.class.path");
        return tests != null && !tests.isBlank() ? tests : System.getProperty("java.class.path");
    }

    /** Waits until /health/ready answers 200; fails early when the process exits. */
    void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/health/ready"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited with " + (current == null ? "-" : current.exitValue()) + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new TimeoutException(name + " not ready after " + timeout + "; see " + log);
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** SIGKILL, and waits for the process to be gone. */
    synchronized void kill() throws InterruptedException {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            current.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the node closes its apps cleanly (state checkpointed, transactions committed or aborted). */
    synchronized void stop() throws InterruptedException {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            if (!current.waitFor(60, TimeUnit.SECONDS)) {
                current.destroyForcibly();
                current.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Process current = process;
            if (current != null) {
                current.destroyForcibly();
            }
        }
    }
}
