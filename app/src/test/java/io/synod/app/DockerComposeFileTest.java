package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.runtime.NodeApps;
import io.synod.config.SynodConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the compose file, its mounted configuration and the Dockerfile are checked structurally. */
@SuppressWarnings("unchecked")
class DockerComposeFileTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> SYNOD_SERVICES = List.of("synod-detector", "synod-coordinator", "synod-reputation", "synod-mirror");

    private static Map<String, Object> yaml(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    private static Map<String, Map<String, Object>> services() throws Exception {
        return (Map<String, Map<String, Object>>) yaml(ROOT.resolve("docker-compose.yml")).get("services");
    }

    private static Map<String, Object> env(Map<String, Object> service) {
        return (Map<String, Object>) service.getOrDefault("environment", Map.of());
    }

    /** "./deploy/x:/etc/x:ro" -> source and target. */
    private static Map<String, Path> mounts(Map<String, Object> service) {
        Map<String, Path> mounts = new java.util.LinkedHashMap<>();
        for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
            String[] parts = volume.toString().split(":");
            if (parts[0].startsWith("./")) {
                mounts.put(parts[1], ROOT.resolve(parts[0]));
            }
        }
        return mounts;
    }

    @Test
    void shouldGiveEveryServiceAnImageOrBuildAHealthCheckAndAPublishedPort() throws Exception {
        Map<String, Map<String, Object>> services = services();

        assertThat(services).containsKeys("kafka", "schema-registry", "postgres", "prometheus", "grafana");
        assertThat(services).containsKeys(SYNOD_SERVICES.toArray(String[]::new));
        services.forEach((name, service) -> {
            assertThat(service.get("image") != null || service.get("build") != null).as(name + " image or build").isTrue();
            Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
            assertThat(healthcheck).as(name + " health check").isNotNull().containsKey("test");
            assertThat((List<Object>) service.get("ports")).as(name + " ports").isNotEmpty();
        });
    }

    @Test
    void shouldRunAKraftBrokerOfTheClientsMajorVersionAvoidingTheBrokenReleases() throws Exception {
        Map<String, Object> kafka = services().get("kafka");

        assertThat(kafka.get("image").toString()).startsWith("apache/kafka:4.").isNotIn("apache/kafka:4.1.0", "apache/kafka:4.3.0");
        assertThat(env(kafka).get("KAFKA_PROCESS_ROLES").toString()).contains("broker").contains("controller");
        assertThat(env(kafka).get("KAFKA_ADVERTISED_LISTENERS").toString()).contains("INTERNAL://kafka:29092");
        assertThat((List<String>) services().get("postgres").get("command")).contains("wal_level=logical");
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesThatNameSynodConfigurationKeys() throws Exception {
        Set<String> keys = SynodConfig.defaults().asMap().keySet();
        for (String name : SYNOD_SERVICES) {
            for (String variable : env(services().get(name)).keySet()) {
                if (variable.startsWith(SynodConfig.ENV_PREFIX)) {
                    String key = variable.substring(SynodConfig.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                    assertThat(keys).as(name + ": " + variable + " is read as " + key).contains(key);
                }
            }
        }
    }

    @Test
    void shouldPointEverySynodAppAtTheComposeKafkaAndSchemaRegistryAndRunEveryAppOnce() throws Exception {
        Map<String, Map<String, Object>> services = services();
        List<NodeApps.App> apps = new ArrayList<>();
        for (String name : SYNOD_SERVICES) {
            Map<String, Object> env = env(services.get(name));
            assertThat(env).containsEntry("SYNOD_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092");
            assertThat(env.get("SYNOD_SCHEMA_REGISTRY_URL").toString()).isEqualTo("http://schema-registry:8080/apis/ccompat/v7");
            apps.addAll(NodeApps.parse(env.get("SYNOD_NODE_APPS").toString()).apps());
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) services.get(name).get("depends_on");
            assertThat(dependsOn.get("kafka")).containsEntry("condition", "service_healthy");
            assertThat(dependsOn.get("schema-registry")).containsEntry("condition", "service_healthy");
        }
        assertThat(apps).containsExactlyInAnyOrder(NodeApps.App.values());
        assertThat(env(services.get("schema-registry"))).containsEntry("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", "kafka:29092");
    }

    @Test
    void shouldGiveTheMirrorPostgresAndStartItAfterPostgresIsHealthy() throws Exception {
        Map<String, Object> mirror = services().get("synod-mirror");
        Map<String, Object> env = env(mirror);

        assertThat(env).containsKeys("SYNOD_POSTGRES_URL", "SYNOD_POSTGRES_USER", "SYNOD_POSTGRES_PASSWORD", "SYNOD_POSTGRES_APP_USER");
        assertThat(env.get("SYNOD_POSTGRES_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(env.get("SYNOD_POSTGRES_USER")).isEqualTo(env(services().get("postgres")).get("POSTGRES_USER"));
        assertThat((Map<String, Map<String, Object>>) mirror.get("depends_on")).extractingByKey("postgres")
                .isEqualTo(Map.of("condition", "service_healthy"));
    }

    @Test
    void shouldOnlyWaitForHealthOfServicesThatHaveAHealthCheck() throws Exception {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> ((Map<String, Map<String, Object>>) service.getOrDefault("depends_on", Map.of()))
                .forEach((dependency, condition) -> {
                    assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                    if ("service_healthy".equals(condition.get("condition"))) {
                        assertThat(services.get(dependency)).containsKey("healthcheck");
                    }
                }));
        assertThat((Map<String, Map<String, Object>>) services.get("grafana").get("depends_on")).extractingByKey("prometheus")
                .isEqualTo(Map.of("condition", "service_healthy"));
    }

    @Test
    void shouldHealthCheckEachSynodAppOnTheReadinessEndpointOfItsMetricsPort() throws Exception {
        for (String name : SYNOD_SERVICES) {
            Map<String, Object> service = services().get(name);
            String port = env(service).get("SYNOD_METRICS_PORT").toString();
            String test = String.join(" ", (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test"));
            assertThat(test).as(name).contains("/127.0.0.1/" + port).contains("/health/ready");
            assertThat((List<String>) service.get("ports")).as(name).anyMatch(mapping -> mapping.endsWith(":" + port));
        }
    }

    @Test
    void shouldScrapeEverySynodAppOnItsMetricsPort() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Path config = mounts(services.get("prometheus")).get("/etc/prometheus/prometheus.yml");
        assertThat(config).exists();
        Set<String> targets = new HashSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) yaml(config).get("scrape_configs")) {
            for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.addAll((List<String>) group.get("targets"));
            }
        }

        for (String name : SYNOD_SERVICES) {
            assertThat(targets).contains(name + ":" + env(services.get(name)).get("SYNOD_METRICS_PORT"));
        }
        for (String target : targets) {
            String host = target.substring(0, target.indexOf(':'));
            assertThat(host.equals("localhost") || services.containsKey(host)).as(target + " is a compose service").isTrue();
        }
    }

    @Test
    void shouldProvisionGrafanaWithThePrometheusDatasourceAndTheDashboardsFolder() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Map<String, Path> mounts = mounts(services.get("grafana"));
        Path provisioning = mounts.get("/etc/grafana/provisioning");
        assertThat(provisioning).isDirectory();

        Map<String, Object> datasource = ((List<Map<String, Object>>) yaml(provisioning.resolve("datasources/prometheus.yaml"))
                .get("datasources")).get(0);
        assertThat(datasource).containsEntry("uid", "prometheus").containsEntry("url", "http://prometheus:9090");
        Map<String, Object> provider = ((List<Map<String, Object>>) yaml(provisioning.resolve("dashboards/synod.yaml")).get("providers")).get(0);
        String dashboardsPath = ((Map<String, Object>) provider.get("options")).get("path").toString();
        Path dashboards = mounts.get(dashboardsPath);
        assertThat(dashboards).as("the provider's path is where the dashboards are mounted").isDirectory();
        try (var files = Files.list(dashboards)) {
            assertThat(files.map(f -> f.getFileName().toString())).contains("consensus-performance.json", "byzantine-detection.json",
                    "network-health.json", "stream-lag.json");
        }
        String home = env(services.get("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").toString();
        assertThat(dashboards.resolve(home.substring(dashboardsPath.length() + 1))).exists();
    }

    @Test
    void shouldBuildTheJarTheSynodServicesRunFromTheRepositorysDockerfile() throws Exception {
        List<String> dockerfile = Files.readAllLines(ROOT.resolve("Dockerfile"));
        String text = String.join("\n", dockerfile);
        String appPom = Files.readString(ROOT.resolve("app/pom.xml"));

        assertThat(text).contains("mvn").contains("package");
        assertThat(appPom).contains("<finalName>synod</finalName>").contains("<mainClass>io.synod.app.SynodCli</mainClass>")
                .contains("<classpathPrefix>lib/</classpathPrefix>");
        assertThat(text).contains("COPY --from=build /src/app/target/synod.jar ./synod.jar")
                .contains("COPY --from=build /src/app/target/lib ./lib")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/synod/synod.jar\"]")
                .contains("SERIALIZABLE_PACKAGES=io.synod");
        for (String name : SYNOD_SERVICES) {
            Map<String, Object> service = services().get(name);
            assertThat(service.get("build")).as(name).isEqualTo(".");
            assertThat(text).contains("EXPOSE " + env(service).get("SYNOD_METRICS_PORT"));
            assertThat((List<String>) service.get("command")).as(name).startsWith("run");
        }
    }
}
