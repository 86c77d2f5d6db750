package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.synod.app.gateway.FakeWebhookReceiverAccess;
import io.synod.app.gateway.Gateway;
import io.synod.app.gateway.WebhookSigner;
import io.synod.app.runtime.Directories;
import io.synod.testsupport.SharedSynod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's examples so they cannot rot: every ```bash readme-test block, in order, as one
 * bash script against the shared embedded Synod (real ./synod and examples/run-agent.sh processes,
 * configured through SYNOD_* variables, curl against a gateway), and compiles every
 * ```java readme-compile block against the SDK. The only rewrites are the gateway's address
 * (localhost:8080 becomes the test gateway's port) and the example webhook URL (a local receiver).
 */
class ReadmeExamplesIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String README_SECRET = "a-long-shared-secret-for-hmac";

    private static List<String> blocks(String info) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher matcher = Pattern.compile("```" + Pattern.quote(info) + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    @Test
    void shouldRunEveryShellExampleOfTheReadmeAgainstARunningSynod() throws Exception {
        assumeTrue(Files.exists(ROOT.resolve("app/target/synod.jar")) && Files.exists(ROOT.resolve("examples/target/synod-examples.jar")),
                "needs the packaged jars (mvn verify builds them before the integration tests)");
        assumeTrue(new ProcessBuilder("curl", "--version").start().waitFor() == 0, "needs curl");
        List<String> blocks = blocks("bash readme-test");
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        SharedSynod synod = SharedSynod.get();
        Path state = Files.createTempDirectory("readme-gateway-");
        try (FakeWebhookReceiverAccess receiver = FakeWebhookReceiverAccess.start(204);
             Gateway gateway = Gateway.start(synod.config().with(Map.of("streams.state.dir", state.toString())), synod.topics(), 0)) {
            String script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n"
                    + String.join("\n", blocks).replace("localhost:8080", "localhost:" + gateway.port())
                            .replace("https://example.org/synod-hook", receiver.url());
            Path output = Files.createTempFile("readme-run-", ".log");
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            bash.environment().putAll(Map.of(
                    "SYNOD_KAFKA_BOOTSTRAP_SERVERS", synod.infrastructure().bootstrapServers(),
                    "SYNOD_POSTGRES_URL", synod.infrastructure().jdbcUrl(),
                    "SYNOD_POSTGRES_USER", synod.infrastructure().jdbcUser(),
                    "SYNOD_POSTGRES_PASSWORD", synod.infrastructure().jdbcPassword(),
                    "SYNOD_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
            Process process = bash.start();
            boolean finished = process.waitFor(6, TimeUnit.MINUTES);
            String log = Files.readString(output);
            if (!finished) {
                process.destroyForcibly();
            }

            assertThat(finished).as("README examples finished; output:%n%s", log).isTrue();
            assertThat(process.exitValue()).as("exit code of the README examples; output:%n%s", log).isZero();
            assertThat(log).contains("acme/claim-1", "achieved", "acme/claim-1: closed", "\"state\":\"pending\"", "\"state\":\"closed\"", "Synod REST gateway");
            FakeWebhookReceiverAccess.Delivery delivery = receiver.awaitFor("claim-3");
            assertThat(WebhookSigner.verify(README_SECRET, delivery.timestampMs(), delivery.body(), delivery.signature())).isTrue();
            Files.deleteIfExists(output);
        } finally {
            Directories.deleteRecursively(state);
        }
    }

    @Test
    void shouldCompileEveryJavaExampleOfTheReadme(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> blocks = blocks("java readme-compile");
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
        List<String> files = new ArrayList<>();
        for (String block : blocks) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(block);
            assertThat(name.find()).as("a public class in%n%s", block).isTrue();
            Path file = dir.resolve(name.group(1) + ".java");
            Files.writeString(file, block, StandardCharsets.UTF_8);
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-d", dir.toString(), "-cp", classpath));
        arguments.addAll(files);
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();

        int result = javac.run(null, null, errors, arguments.toArray(String[]::new));

        assertThat(result).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
    }
}
