package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class LocalStateTest {
    private Path appDir;
    private Path store;

    @BeforeEach
    void createAStoreWithData() throws Exception {
        appDir = Files.createTempDirectory("synod-local-state-");
        store = appDir.resolve("0_0").resolve("rocksdb").resolve("coordinator-proposals");
        Files.createDirectories(store);
        Files.writeString(appDir.resolve(".lock"), "");
        Files.writeString(appDir.resolve("kafka-streams-process-metadata"), "{}");
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, store.toString())) {
            for (int i = 0; i < 1_000; i++) {
                db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), ("value-" + i).getBytes(StandardCharsets.UTF_8));
            }
            db.flush(new org.rocksdb.FlushOptions().setWaitForFlush(true));
        }
    }

    @AfterEach
    void removeIt() {
        Directories.deleteRecursively(appDir);
    }

    @Test
    void shouldFindNothingWrongWithAnIntactStore() {
        assertThat(LocalState.damagedStores(appDir)).isEmpty();
    }

    @Test
    void shouldNameAStoreWhoseTableFilesAreOverwritten() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            for (Path sst : files.filter(f -> f.toString().endsWith(".sst")).toList()) {
                byte[] noise = new byte[(int) Files.size(sst)];
                new Random(1).nextBytes(noise);
                Files.write(sst, noise);
            }
        }

        assertThat(LocalState.damagedStores(appDir)).singleElement().asString().startsWith("0_0/rocksdb/coordinator-proposals: ");
    }

    @Test
    void shouldNameAStoreWhoseCurrentFileIsGarbage() throws Exception {
        Files.writeString(store.resolve("CURRENT"), "garbage");

        assertThat(LocalState.damagedStores(appDir)).hasSize(1);
    }

    @Test
    void shouldWipeTheTasksButKeepTheLockAndTheProcessId() {
        LocalState.wipe(appDir);

        assertThat(appDir.resolve("0_0")).doesNotExist();
        assertThat(appDir.resolve(".lock")).exists();
        assertThat(appDir.resolve("kafka-streams-process-metadata")).exists();
    }
}
