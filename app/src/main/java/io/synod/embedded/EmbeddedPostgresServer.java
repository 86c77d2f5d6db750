package io.synod.embedded;

import io.synod.app.runtime.Directories;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * PostgreSQL from the official binaries packaged as a Maven artifact, on a free loopback port,
 * with its data in a temp dir removed on close. Logical WAL is on so Debezium can stream from it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String DATABASE = "synod";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    public static EmbeddedPostgresServer start() throws IOException, SQLException {
        Path dataDir = Files.createTempDirectory("synod-postgres-");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setCleanDataDirectory(true)
                // Our own close() stops it; zonky's hook would race our shutdown and cut off the mirror.
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(dataDir.resolve("binaries").toFile())
                .setPort(FreePorts.next())
                .setServerConfig("wal_level", "logical")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_replication_slots", "8")
                .setServerConfig("max_wal_senders", "8")
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir);
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Without a user in the URL: the driver would let it override the user a client connects as. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public DataSource dataSource() {
        return postgres.getDatabase("postgres", DATABASE);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            Directories.deleteRecursively(dataDir);
        }
    }
}
