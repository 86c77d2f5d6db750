package io.synod.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * Where integration tests get Kafka and PostgreSQL: Testcontainers (official images) when a Docker
 * engine is available, the embedded broker and PostgreSQL otherwise. Tests see only this interface.
 */
public interface TestInfrastructure extends AutoCloseable {

    String bootstrapServers();

    String jdbcUrl();

    String jdbcUser();

    String jdbcPassword();

    /** "containers" or "embedded", for test logs. */
    String kind();

    @Override
    void close();

    static TestInfrastructure start() throws Exception {
        if (dockerAvailable()) {
            return ContainerInfrastructure.start();
        }
        return EmbeddedInfrastructure.start();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
