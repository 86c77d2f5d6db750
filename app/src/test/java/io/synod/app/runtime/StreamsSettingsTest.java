package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {
    private static final String WAIT = StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms");
    private static final String MIN_BYTES = StreamsConfig.mainConsumerPrefix("fetch.min.bytes");

    @Test
    void shouldLetOnlyTheReputationAppWaitForBatchesOfInput() {
        SynodConfig config = SynodConfig.defaults();

        Properties reputation = StreamsSettings.forApp(config, SynodTopologies.REPUTATION, Path.of("/tmp/x"));
        Properties votePath = StreamsSettings.forApp(config, FusedVotePath.APP, Path.of("/tmp/x"));

        assertThat(reputation.getProperty(WAIT)).isEqualTo("100");
        assertThat(reputation.getProperty(MIN_BYTES)).isEqualTo(String.valueOf(1024 * 1024));
        assertThat(votePath).doesNotContainKeys(WAIT, MIN_BYTES);
    }

    @Test
    void shouldFetchOnEveryAppendWhenTheReputationWaitIsZero() {
        SynodConfig config = SynodConfig.defaults().with("streams.reputation.fetch.max.wait.ms", "0");

        Properties reputation = StreamsSettings.forApp(config, SynodTopologies.REPUTATION, Path.of("/tmp/x"));

        assertThat(reputation).doesNotContainKeys(WAIT, MIN_BYTES);
    }
}
