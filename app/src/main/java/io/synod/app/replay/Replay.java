package io.synod.app.replay;

import io.synod.config.SynodConfig;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/** Reads a replay input file (plain or gzip) and runs every line through the pipeline. */
public final class Replay {
    private Replay() {
    }

    /** The outcome of a replay, with how long the pipeline took. */
    public record Result(ReplayPipeline.ReplayResults results, long lines, long nanos) {
        public double linesPerSecond() {
            return nanos == 0 ? 0 : lines * 1e9 / nanos;
        }
    }

    /**
     * @param progress called with the number of lines read so far, every 1,000 lines
     * @throws ReplayInputException when the file cannot be read at all
     */
    public static Result run(Path input, SynodConfig config, LongConsumer progress) throws ReplayInputException {
        return run(input, config, progress, RejectedInput.Log.NONE);
    }

    /**
     * @param rejections told of every rejection as it is made, with the input line it refuses
     * @throws ReplayInputException when the file cannot be read at all
     */
    public static Result run(Path input, SynodConfig config, LongConsumer progress, RejectedInput.Log rejections) throws ReplayInputException {
        // The reader parses its first batches while the pipeline is built.
        try (BufferedReader reader = open(input); EventReader.Ahead ahead = EventReader.start(reader, input);
             ReplayPipeline pipeline = new ReplayPipeline(config)) {
            pipeline.logRejectionsTo(rejections);
            long start = System.nanoTime();
            long lines = ahead.drain((lineNumber, event) -> {
                pipeline.accept(event, lineNumber);
                if (lineNumber % 1_000 == 0) {
                    progress.accept(lineNumber);
                }
            });
            pipeline.finish();
            return new Result(pipeline.results(), lines, System.nanoTime() - start);
        } catch (IOException e) {
            throw new ReplayInputException("cannot read " + input + " at line 1: " + e.getMessage());
        }
    }

    private static BufferedReader open(Path input) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IOException("no such file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The input could not be read at all; the message names the line. */
    public static final class ReplayInputException extends Exception {
        public ReplayInputException(String message) {
            super(message);
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
