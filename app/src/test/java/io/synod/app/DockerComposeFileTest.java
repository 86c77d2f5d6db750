package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the compose file is checked structurally. */
class DockerComposeFileTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Path file = Path.of("..", "docker-compose.yml");
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void shouldDefineKafkaPostgresAndSynodWithAnImageOrBuildAndAHealthCheckEach() throws Exception {
        Map<String, Map<String, Object>> services = services();

        assertThat(services).containsKeys("kafka", "postgres", "synod");
        services.forEach((name, service) -> {
            assertThat(service.get("image") != null || service.get("build") != null).as(name + " image or build").isTrue();
            assertThat(service).as(name + " health check").containsKey("healthcheck");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPointSynodAtTheComposeKafkaAndPostgresThroughItsEnvironment() throws Exception {
        Map<String, Object> synod = services().get("synod");
        Map<String, Object> env = (Map<String, Object>) synod.get("environment");

        assertThat(env).containsEntry("SYNOD_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092")
                .containsKey("SYNOD_POSTGRES_URL").containsKey("SYNOD_POSTGRES_USER").containsKey("SYNOD_POSTGRES_PASSWORD");
        assertThat(env.get("SYNOD_POSTGRES_URL").toString()).contains("//postgres:5432/");
        Map<String, Object> dependsOn = (Map<String, Object>) synod.get("depends_on");
        assertThat(dependsOn).containsKeys("kafka", "postgres");
        assertThat((List<String>) services().get("postgres").get("command")).contains("wal_level=logical");
    }
}
