package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.runtime.FusedVotePath;
import io.synod.app.runtime.SynodTopologies;
import io.synod.config.SynodConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputBenchTest {
    private static final SynodConfig PER_APP_INTERVALS = SynodConfig.defaults().with(Map.of(
            "streams.app." + FusedVotePath.APP + ".commit.interval.ms", "10",
            "streams.app." + SynodTopologies.COORDINATOR + ".commit.interval.ms", "50"));

    @Test
    void shouldReportTheFusedAppsSettingsWhenTheVotePathIsFused() {
        SynodConfig fused = PER_APP_INTERVALS.with(Map.of("streams.fused.vote.path", "true"));

        assertThat(ThroughputBench.votePathApp(fused)).isEqualTo(FusedVotePath.APP);
        assertThat(ThroughputBench.settings(fused)).contains("commit.interval.ms=10");
    }

    @Test
    void shouldReportTheCoordinatorsSettingsWhenTheVotePathRunsAsTwoApps() {
        SynodConfig separate = PER_APP_INTERVALS.with(Map.of("streams.fused.vote.path", "false"));

        assertThat(ThroughputBench.votePathApp(separate)).isEqualTo(SynodTopologies.COORDINATOR);
        assertThat(ThroughputBench.settings(separate)).contains("commit.interval.ms=50");
    }

    @Test
    void shouldReportThePaceAndTheStretchOfAPacedVotePath() {
        SynodConfig paced = SynodConfig.defaults().with("streams.app." + FusedVotePath.APP + ".commit.interval.ms", "100");

        assertThat(ThroughputBench.settings(paced)).contains("commit.interval.ms=20 (the vote path's up to 100 while votes queue)");
        assertThat(ThroughputBench.settings(SynodConfig.defaults())).contains("commit.interval.ms=20,");
    }
}
