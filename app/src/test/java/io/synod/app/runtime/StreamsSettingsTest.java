package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {
    private static final Path STATE = Path.of("/tmp/synod-streams-settings-test");

    private static final SynodConfig PACED = SynodConfig.defaults().with("streams.app.detector-coordinator.commit.interval.ms", "100");

    private static String setting(SynodConfig config, String app, String key) {
        return StreamsSettings.forApp(config, app, STATE).getProperty(key);
    }

    @Test
    void shouldGiveTheReputationAppItsOwnLongerCommitIntervalByDefault() {
        SynodConfig config = SynodConfig.defaults();

        assertThat(setting(config, SynodTopologies.REPUTATION, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("200");
    }

    @Test
    void shouldCommitTheVotePathAtTheSharedIntervalWithoutPacingByDefault() {
        SynodConfig config = SynodConfig.defaults();

        assertThat(setting(config, FusedVotePath.APP, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(config.get("kafka.commit.interval.ms"));
        assertThat(CommitPacer.Settings.forVotePath(config).enabled()).isFalse();
    }

    @Test
    void shouldLetTheVotePathStretchItsCommitsToItsOwnIntervalAndPaceThemAtTheSharedOne() {
        SynodConfig config = PACED;

        assertThat(setting(config, FusedVotePath.APP, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
        assertThat(CommitPacer.Settings.forVotePath(config)).isEqualTo(new CommitPacer.Settings(20, 80));
    }

    @Test
    void shouldPaceTheVotePathAtTheSharedCommitIntervalTheUserChose() {
        SynodConfig config = PACED.with("kafka.commit.interval.ms", "50");

        assertThat(CommitPacer.Settings.forVotePath(config)).isEqualTo(new CommitPacer.Settings(50, 80));
        assertThat(CommitPacer.Settings.forVotePath(PACED.with("kafka.commit.interval.ms", "100")).enabled())
                .as("a stretch no longer than the pace").isFalse();
    }

    @Test
    void shouldGiveAPacedVotePathsStandInThePaceAsItsCommitInterval() {
        Properties standIn = StreamsSettings.standIn(PACED, FusedVotePath.APP, "ceiling-fused", STATE);

        assertThat(standIn.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("20");
    }

    @Test
    void shouldRunTheFusedVotePathOnTwoStreamThreadsAndTheOtherAppsOnOneByDefault() {
        SynodConfig config = SynodConfig.defaults();

        assertThat(setting(config, FusedVotePath.APP, StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("2");
        assertThat(setting(config, SynodTopologies.REPUTATION, StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isNull();
    }

    @Test
    void shouldApplyAnAppsOwnSettingOverTheSharedKafkaOneForThatAppOnly() {
        SynodConfig config = SynodConfig.defaults().with(Map.of("kafka.poll.ms", "5", "streams.app.detector-coordinator.poll.ms", "2",
                "streams.app.reputation.commit.interval.ms", "50"));

        Properties fused = StreamsSettings.forApp(config, FusedVotePath.APP, STATE);
        Properties reputation = StreamsSettings.forApp(config, SynodTopologies.REPUTATION, STATE);

        assertThat(fused.getProperty(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("2");
        assertThat(reputation.getProperty(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("5");
        assertThat(reputation.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("50");
        assertThat(fused).doesNotContainKey("streams.app.reputation.commit.interval.ms").doesNotContainKey("reputation.commit.interval.ms");
    }

    @Test
    void shouldLetASharedSettingTheUserChoseWinOverAnAppsCodeDefault() {
        SynodConfig config = SynodConfig.load(null, Map.of("SYNOD_KAFKA_NUM_STREAM_THREADS", "4", "SYNOD_KAFKA_COMMIT_INTERVAL_MS", "50"));

        assertThat(setting(config, FusedVotePath.APP, StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("4");
        assertThat(setting(config, SynodTopologies.REPUTATION, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("50");
    }

    @Test
    void shouldLetAnAppsOwnSettingTheUserChoseWinOverASharedOneTheUserChose() {
        SynodConfig config = SynodConfig.defaults().with(Map.of("kafka.num.stream.threads", "4",
                "streams.app.detector-coordinator.num.stream.threads", "3"));

        assertThat(setting(config, FusedVotePath.APP, StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("3");
        assertThat(setting(config, SynodTopologies.REPUTATION, StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("4");
    }

    @Test
    void shouldGiveABenchmarksStandInTheSettingsOfTheAppItStandsForUnderItsOwnId() {
        SynodConfig config = SynodConfig.defaults().with("streams.app.detector-coordinator.commit.interval.ms", "10");

        Properties standIn = StreamsSettings.standIn(config, FusedVotePath.APP, "ceiling-fused", STATE);

        assertThat(standIn.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("10");
        assertThat(standIn.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("2");
        assertThat(standIn.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("synod-ceiling-fused");
        assertThat(standIn.getProperty(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(STATE.resolve("ceiling-fused").toString());
    }

    @Test
    void shouldRefuseASettingForAnAppThatDoesNotExist() {
        SynodConfig typo = SynodConfig.defaults().with("streams.app.reputaton.commit.interval.ms", "200");

        assertThatThrownBy(() -> StreamsSettings.checkAppSettings(typo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streams.app.reputaton.commit.interval.ms").hasMessageContaining("reputation");
        StreamsSettings.checkAppSettings(SynodConfig.defaults());
    }
}
