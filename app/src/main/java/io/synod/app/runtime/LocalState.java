package io.synod.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a stream app on its local state, and when that state is unreadable (RocksDB reports
 * corruption: a failing disk, a torn copy, files overwritten) throws it away and opens the app
 * again on empty stores, which Kafka Streams then rebuilds from their changelog topics. Local
 * state is only a cache of the changelogs, so nothing is lost; without this an instance whose
 * store is damaged could never start again (Kafka Streams opens the stores it finds on disk
 * while it is constructed). Decision 0039.
 */
public final class LocalState {
    private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);
    /** Kept: the directory lock and the process id (so transactional ids, and fencing, stay the same). */
    private static final Set<String> KEEP = Set.of(".lock", "kafka-streams-process-metadata");

    private LocalState() {
    }

    public static KafkaStreams open(Topology topology, Properties props, String app) {
        try {
            return new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            if (!isCorruption(e)) {
                throw e;
            }
            Path dir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG), props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
            LOG.warn("Local state of {} in {} is unreadable ({}); removing it: its stores are rebuilt from their changelog topics",
                    app, dir, rootMessage(e));
            wipe(dir);
            return new KafkaStreams(topology, props);
        }
    }

    /** Whether a failure comes from RocksDB finding its files corrupt (not a lock held elsewhere, a full disk, ...). */
    static boolean isCorruption(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RocksDBException rocks) {
                Status status = rocks.getStatus();
                if (status != null && status.getCode() == Status.Code.Corruption) {
                    return true;
                }
                String message = rocks.getMessage();
                if (message != null && message.contains("Corruption")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Removes every task directory and store of the app, keeping the directory's lock and process id. */
    static void wipe(Path appStateDir) {
        if (!Files.isDirectory(appStateDir)) {
            return;
        }
        try (Stream<Path> children = Files.list(appStateDir)) {
            for (Path child : children.toList()) {
                if (!KEEP.contains(child.getFileName().toString())) {
                    Directories.deleteRecursively(child);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the damaged state in " + appStateDir, e);
        }
    }
}
