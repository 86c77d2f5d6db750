package io.synod.app.replay;

import io.synod.config.SynodConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole replay of an input file, warm: the pipeline's steady cost per line, without the JIT's
 * warm-up that dominates a cold run of a short file. Cold runs of one build drift by a third within
 * minutes on a shared machine; a warm replay in one fork holds within a few percent, so this is the
 * measure for a change to the pipeline's code. Lines per second = the input's lines / the score.
 * The default input is a shared dataset, so run it from the project root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 12)
@Measurement(iterations = 12)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xmn64m", "-XX:MaxTenuringThreshold=0", "-XX:+UseParallelGC", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod"})
public class ReplayBenchmark {
    @Param({"../shared/data/adversarial/sentiment-sybil60/events.jsonl.gz"})
    String input;

    private Path path;
    private final SynodConfig config = SynodConfig.defaults();

    @Setup(Level.Trial)
    public void input() {
        path = Path.of(input);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no replay input at " + path.toAbsolutePath() + " (run from the project root, or -p input=FILE)");
        }
    }

    @Benchmark
    public long replay() throws Replay.ReplayInputException {
        Replay.Result result = Replay.run(path, config, lines -> { });
        return result.lines();
    }
}
