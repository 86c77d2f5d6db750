package io.synod.app.replay;

import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.streams.LruCache;
import io.synod.text.TextFingerprint;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads, inflates and parses replay input on a thread of its own, a few batches ahead of the
 * pipeline, which takes the events on the caller's thread in input order. Parsing depends on
 * nothing but the lines before it (the parser's only state is the latest timestamp), so the
 * events, and with them the output, are the same as parsing in line; on two cores it takes about
 * a sixth of the work off the pipeline's thread. It also tokenizes each vote's justification into
 * the token memo (a pure cache, see TextFingerprint.memoize), which takes the text work of the
 * detector, the copy check and the reputation profile off that thread too.
 */
final class EventReader {
    private static final int BATCH_LINES = 512;
    private static final int BATCHES_AHEAD = 16;

    /** What the pipeline does with each parsed (non-blank) line. */
    @FunctionalInterface
    interface LineHandler {
        void accept(long lineNumber, ReplayEvent event);
    }

    /** Consecutive parsed lines; the last batch has {@code end} set, and a failure if reading stopped early. */
    private static final class Batch {
        final long[] lineNumbers = new long[BATCH_LINES];
        final ReplayEvent[] events = new ReplayEvent[BATCH_LINES];
        int size;
        boolean end;
        long lines;
        String unreadable;
        Throwable crash;
    }

    private EventReader() {
    }

    /**
     * Hands every non-blank line of {@code reader}, parsed, to {@code handler} on this thread, in order.
     *
     * @return the number of lines read, blank ones included
     * @throws Replay.ReplayInputException when a line cannot be read; the lines before it have been handled
     */
    static long readAll(BufferedReader reader, Path input, LineHandler handler) throws Replay.ReplayInputException {
        try (Ahead ahead = start(reader, input)) {
            return ahead.drain(handler);
        }
    }

    /**
     * Starts reading and parsing at once, so that the caller can build what takes the events (the
     * pipeline's stores and processors, a quarter of a second of a cold start) while the first
     * batches are parsed.
     */
    static Ahead start(BufferedReader reader, Path input) {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        Thread thread = new Thread(() -> produce(reader, input, queue), "synod-replay-reader");
        thread.setDaemon(true);
        thread.start();
        return new Ahead(queue, thread);
    }

    /** Input being read and parsed ahead; closing it stops the reader thread. */
    static final class Ahead implements AutoCloseable {
        private final BlockingQueue<Batch> queue;
        private final Thread thread;

        private Ahead(BlockingQueue<Batch> queue, Thread thread) {
            this.queue = queue;
            this.thread = thread;
        }

        /** {@link #readAll}'s loop: every parsed line to {@code handler}, in order, on this thread. */
        long drain(LineHandler handler) throws Replay.ReplayInputException {
            while (true) {
                Batch batch = take(queue);
                for (int i = 0; i < batch.size; i++) {
                    handler.accept(batch.lineNumbers[i], batch.events[i]);
                }
                if (batch.end) {
                    if (batch.crash instanceof RuntimeException e) {
                        throw e;
                    }
                    if (batch.crash instanceof Error e) {
                        throw e;
                    }
                    if (batch.unreadable != null) {
                        throw new Replay.ReplayInputException(batch.unreadable);
                    }
                    return batch.lines;
                }
            }
        }

        @Override
        public void close() {
            thread.interrupt();
            joinQuietly(thread);
        }
    }

    private static void produce(BufferedReader reader, Path input, BlockingQueue<Batch> queue) {
        EventParser parser = new EventParser();
        TextAhead ahead = new TextAhead();
        long lineNumber = 0;
        Batch batch = new Batch();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    batch.unreadable = "cannot read " + input + " at line " + (lineNumber + 1) + ": " + e.getMessage();
                    break;
                }
                if (line == null) {
                    break;
                }
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                batch.lineNumbers[batch.size] = lineNumber;
                ReplayEvent event = parser.parse(line, lineNumber);
                batch.events[batch.size] = event;
                ahead.accept(event);
                if (++batch.size == BATCH_LINES) {
                    queue.put(batch);
                    batch = new Batch();
                }
            }
        } catch (InterruptedException e) {
            // The pipeline stopped taking events; nobody waits for the rest.
            return;
        } catch (Throwable t) {
            batch.crash = t;
        }
        batch.end = true;
        batch.lines = lineNumber;
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tokenizes each vote's justification against its proposal's options on the reader thread, so
     * that the pipeline's stages find the tokens memoised (TextFingerprint.warm). Only a cache is
     * filled: a vote whose proposal is not among the last ones seen is simply not warmed.
     */
    private static final class TextAhead {
        private static final int PROPOSALS = 4_096;
        private final Map<String, List<String>> options = new LruCache<>(PROPOSALS);

        void accept(ReplayEvent event) {
            if (!event.isValid()) {
                return;
            }
            if (event.value() instanceof Proposal proposal) {
                options.put(event.key(), proposal.getOptions());
            } else if (event.value() instanceof Vote vote) {
                List<String> known = options.get(event.key());
                if (known != null) {
                    TextFingerprint.warm(vote.getJustification(), known);
                }
            }
        }
    }

    private static Batch take(BlockingQueue<Batch> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for replay input", e);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
