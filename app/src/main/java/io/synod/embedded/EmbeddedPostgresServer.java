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
 * {@link #stop()} and {@link #restart()} stop the server and start it again on the same data
 * directory and port (fault injection: a database outage).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String DATABASE = "synod";

    private volatile EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, int port) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static EmbeddedPostgresServer start() throws IOException, SQLException {
        Path dataDir = Files.createTempDirectory("synod-postgres-");
        int port = FreePorts.next();
        // A fresh directory is initialised (initdb) on the first start; our close() removes it.
        EmbeddedPostgres postgres = launch(dataDir, port);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir, port);
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static EmbeddedPostgres launch(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setCleanDataDirectory(false)
                // Our own close() stops it; zonky's hook would race our shutdown and cut off the mirror.
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(dataDir.resolve("binaries").toFile())
                .setPort(port)
                .setServerConfig("wal_level", "logical")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_replication_slots", "8")
                .setServerConfig("max_wal_senders", "8")
                .start();
    }

    /** Stops the server (a fast shutdown: open connections are cut), keeping its data. */
    public synchronized void stop() throws IOException {
        postgres.close();
    }

    /** Starts the server again on the same data directory and port, after {@link #stop()}. */
    public synchronized void restart() throws IOException {
        postgres = launch(dataDir, port);
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
