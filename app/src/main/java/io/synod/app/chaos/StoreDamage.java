package io.synod.app.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Real damage to a stopped instance's local state: every file of its RocksDB stores (tables,
 * manifest, CURRENT, options) overwritten with random bytes of the same length, as a failing disk
 * or a torn copy would leave them.
 */
final class StoreDamage {
    private StoreDamage() {
    }

    /** The RocksDB files under {@code stateDir} (one app's Kafka Streams state directory). */
    static List<Path> rocksDbFiles(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getParent() != null && f.getParent().getParent() != null
                            && f.getParent().getParent().getFileName().toString().equals("rocksdb"))
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".sst") || name.startsWith("MANIFEST") || name.equals("CURRENT") || name.startsWith("OPTIONS");
                    })
                    .sorted().toList();
        }
    }

    /** Overwrites each file with random bytes; returns how many files and bytes were damaged. */
    static long[] corrupt(List<Path> files, long seed) throws IOException {
        Random random = new Random(seed);
        long bytes = 0;
        for (Path file : files) {
            long length = Math.max(64, Files.size(file));
            byte[] noise = new byte[(int) Math.min(length, 1 << 20)];
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                for (long written = 0; written < length; written += noise.length) {
                    random.nextBytes(noise);
                    out.write(noise, 0, (int) Math.min(noise.length, length - written));
                }
            }
            bytes += length;
        }
        return new long[] {files.size(), bytes};
    }
}
