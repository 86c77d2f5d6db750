package io.synod.app.bench;

import io.synod.app.runtime.Directories;
import io.synod.config.SynodConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Another Synod instance in a JVM of its own ({@code synod run --apps detector,coordinator,reputation}
 * from the same jar), against the benchmark's broker: it joins the stream apps' groups and takes
 * over some of their partitions, and later leaves, stopped (SIGTERM, a clean shutdown) or killed
 * (SIGKILL: its partitions wait for the session timeout and its open transactions are aborted).
 */
final class SecondInstance implements AutoCloseable {
    private static final String READY = "Synod is running";

    private final Process process;
    private final Path dir;
    private final PrintStream progress;

    private SecondInstance(Process process, Path dir, PrintStream progress) {
        this.process = process;
        this.dir = dir;
        this.progress = progress;
    }

    static SecondInstance start(SynodConfig config, PrintStream progress) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("synod-bench-instance-");
        Path file = dir.resolve("synod.properties");
        Properties props = new Properties();
        for (Map.Entry<String, String> entry : config.asMap().entrySet()) {
            props.setProperty(entry.getKey(), entry.getValue());
        }
        // Its own state directory (the first instance's is being measured); no operations server.
        props.setProperty("streams.state.dir", dir.resolve("state").toString());
        props.setProperty("metrics.port", "-1");
        try (Writer writer = Files.newBufferedWriter(file)) {
            props.store(writer, "second Synod instance of synod bench throughput");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx1g");
        command.add("-XX:+UseParallelGC");
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.synod.app.SynodCli");
        command.addAll(List.of("run", "--config", file.toString(), "--apps", "detector,coordinator,reputation"));
        Path log = dir.resolve("instance.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Environment variables would override the file (SYNOD_*): the child gets none of ours.
        builder.environment().keySet().removeIf(name -> name.startsWith(SynodConfig.ENV_PREFIX));
        Process process = builder.start();
        SecondInstance instance = new SecondInstance(process, dir, progress);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(log).contains(READY)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                instance.close();
                throw new IllegalStateException("second instance did not start: " + output.substring(Math.max(0, output.length() - 2000)));
            }
            Thread.sleep(100);
        }
        progress.printf("bench throughput: second instance (pid %d) running after %.1f s%n", process.pid(), (System.nanoTime() - started) / 1e9);
        return instance;
    }

    /** Makes the instance leave: SIGTERM and wait for its clean shutdown, or SIGKILL. */
    void leave(boolean kill) throws InterruptedException {
        long started = System.nanoTime();
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        progress.printf("bench throughput: second instance %s after %.1f s (exit %d)%n", kill ? "killed" : "stopped",
                (System.nanoTime() - started) / 1e9, process.exitValue());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Directories.deleteRecursively(dir);
    }
}
