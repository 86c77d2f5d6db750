package io.synod.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynodConfigTest {

    @Test
    void shouldUseCodeDefaultsWhenNothingElseIsGiven() {
        SynodConfig config = SynodConfig.load(null, Map.of());
        assertThat(config.getDouble("consensus.threshold")).isEqualTo(0.67);
        assertThat(config.getInt("consensus.max.rounds")).isEqualTo(5);
    }

    @Test
    void shouldReadTheEndedRetentionAsForEverByDefaultAndRefuseANegativeOne() {
        SynodConfig config = SynodConfig.load(null, Map.of());
        assertThat(config.endedRetentionMs()).isZero();
        assertThat(config.with("consensus.ended.retention.ms", "60000").endedRetentionMs()).isEqualTo(60_000);
        assertThatThrownBy(() -> config.with("consensus.ended.retention.ms", "-1").endedRetentionMs())
                .hasMessageContaining("consensus.ended.retention.ms must be 0 (for ever) or positive");
    }

    @Test
    void shouldLetTheFileOverrideDefaultsAndTheEnvironmentOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("synod.properties");
        Files.writeString(file, "consensus.threshold=0.75\nconsensus.max.rounds=7\n");

        SynodConfig config = SynodConfig.load(file, Map.of("SYNOD_CONSENSUS_MAX_ROUNDS", "9", "PATH", "/bin"));

        assertThat(config.getDouble("consensus.threshold")).isEqualTo(0.75);
        assertThat(config.getInt("consensus.max.rounds")).isEqualTo(9);
        assertThat(config.getInt("consensus.min.participants")).isEqualTo(3);
    }

    @Test
    void shouldTellKeysAFileTheEnvironmentOrAnOverrideSetFromCodeDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("synod.properties");
        Files.writeString(file, "consensus.threshold=0.67\n");

        SynodConfig config = SynodConfig.load(file, Map.of("SYNOD_KAFKA_NUM_STREAM_THREADS", "4"));

        // Set to its default value, still chosen.
        assertThat(config.isExplicit("consensus.threshold")).isTrue();
        assertThat(config.isExplicit("kafka.num.stream.threads")).isTrue();
        assertThat(config.isExplicit("consensus.max.rounds")).isFalse();
        assertThat(config.with("consensus.max.rounds", "5").isExplicit("consensus.max.rounds")).isTrue();
        assertThat(SynodConfig.defaults().isExplicit("kafka.commit.interval.ms")).isFalse();
    }

    @Test
    void shouldPassKafkaKeysThroughToClientsWithoutThePrefix() {
        SynodConfig config = SynodConfig.load(null, Map.of(
                "SYNOD_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "SYNOD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

        assertThat(config.kafkaProperties())
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void shouldGivePlainClientsOnlyTheSettingsTheyUnderstand() {
        SynodConfig config = SynodConfig.load(null, Map.of("SYNOD_KAFKA_SECURITY_PROTOCOL", "SSL"));

        assertThat(config.kafkaClientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsKey("bootstrap.servers")
                .doesNotContainKeys("processing.guarantee", "commit.interval.ms", "poll.ms", "producer.linger.ms");
    }

    @Test
    void shouldNameTheKeyWhenAValueIsNotANumber() {
        SynodConfig config = SynodConfig.defaults().with("consensus.max.rounds", "five");
        assertThatThrownBy(() -> config.getInt("consensus.max.rounds"))
                .hasMessageContaining("consensus.max.rounds");
    }
}
