package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.config.SynodConfig;
import org.junit.jupiter.api.Test;

class NodeAppsTest {

    @Test
    void shouldRunEveryAppByDefault() {
        NodeApps apps = NodeApps.from(SynodConfig.defaults());

        assertThat(apps.apps()).containsExactlyInAnyOrder(NodeApps.App.values());
        assertThat(apps.describe()).isEqualTo("detector,coordinator,reputation,mirror,cdc");
    }

    @Test
    void shouldRunOnlyTheNamedAppsAndUsePostgresOnlyForTheMirrorOrCdc() {
        NodeApps detector = NodeApps.parse(" Detector ");
        NodeApps postgresSide = NodeApps.parse("mirror,cdc");

        assertThat(detector.runs("detector")).isTrue();
        assertThat(detector.runs("coordinator")).isFalse();
        assertThat(detector.usesPostgres()).isFalse();
        assertThat(postgresSide.usesPostgres()).isTrue();
        assertThat(postgresSide.runs("mirror")).as("the mirror is not a stream app").isFalse();
    }

    @Test
    void shouldRunTheEmbeddingSidePathWhereverTheDetectorRuns() {
        assertThat(NodeApps.parse("detector").runs(SynodTopologies.QUALITY)).isTrue();
        assertThat(NodeApps.parse("coordinator,reputation").runs(SynodTopologies.QUALITY)).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownApp() {
        assertThatThrownBy(() -> NodeApps.parse("detector,ranker")).hasMessageContaining("unknown app 'ranker'");
    }
}
