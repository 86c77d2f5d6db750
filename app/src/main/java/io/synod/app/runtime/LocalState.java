package io.synod.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a stream app on its local state, and when that state is unreadable (RocksDB refuses a
 * store's files: a failing disk, a torn copy, files overwritten) throws it away first, so the app
 * starts on empty stores that Kafka Streams rebuilds from their changelog topics. Local state is
 * only a cache of the changelogs, so nothing is lost; without this an instance whose store is
 * damaged could never start again (Kafka Streams opens the stores it finds on disk when it starts,
 * and fails on the first damaged one, every time). Decision 0039.
 */
public final class LocalState {
    private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);
    /** Kept: the directory lock and the process id (so transactional ids, and fencing, stay the same). */
    private static final Set<String> KEEP = Set.of(".lock", "kafka-streams-process-metadata");

    private LocalState() {
    }

    public static KafkaStreams open(Topology topology, Properties props, String app) {
        Path dir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG), props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        List<String> damaged = damagedStores(dir);
        if (!damaged.isEmpty()) {
            LOG.warn("Local state of {} in {} is unreadable ({}); removing it: its stores are rebuilt from their changelog topics",
                    app, dir, String.join("; ", damaged));
            wipe(dir);
        }
        return new KafkaStreams(topology, props);
    }

    /**
     * Opens every RocksDB store under the app's state directory read-only, the way Kafka Streams
     * opens it (every column family, every table file's footer checked), before Kafka Streams does.
     * Returns the stores that failed, with RocksDB's reason.
     */
    static List<String> damagedStores(Path appStateDir) {
        List<String> damaged = new ArrayList<>();
        for (Path store : storeDirectories(appStateDir)) {
            String problem = openProblem(store);
            if (problem != null) {
                damaged.add(appStateDir.relativize(store) + ": " + problem);
            }
        }
        return damaged;
    }

    /** Stores live in {@code <task>/rocksdb/<store>}. */
    private static List<Path> storeDirectories(Path appStateDir) {
        if (!Files.isDirectory(appStateDir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(appStateDir, 3)) {
            return paths.filter(Files::isDirectory)
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("rocksdb"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the local state in " + appStateDir, e);
        }
    }

    private static String openProblem(Path store) {
        RocksDB.loadLibrary();
        try (Options options = new Options(); DBOptions dbOptions = new DBOptions().setMaxOpenFiles(-1).setParanoidChecks(true)) {
            List<byte[]> families = RocksDB.listColumnFamilies(options, store.toString());
            if (families.isEmpty()) {
                families = List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
            }
            List<ColumnFamilyDescriptor> descriptors = families.stream().map(ColumnFamilyDescriptor::new).toList();
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.openReadOnly(dbOptions, store.toString(), descriptors, handles)) {
                handles.forEach(ColumnFamilyHandle::close);
                return null;
            }
        } catch (RocksDBException e) {
            return e.getMessage();
        }
    }

    /** Removes every task directory and store of the app, keeping the directory's lock and process id. */
    static void wipe(Path appStateDir) {
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
