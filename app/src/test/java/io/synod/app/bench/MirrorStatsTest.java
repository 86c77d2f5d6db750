package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MirrorStatsTest {

    private static Timer lagTimer() {
        return Timer.builder("lag").serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(120)).register(new SimpleMeterRegistry());
    }

    @Test
    void shouldBoundTheWindowsMaxByItsOwnRecordsNotByOnesWrittenBeforeIt() {
        Timer lag = lagTimer();
        lag.record(Duration.ofSeconds(100));
        HistogramSnapshot before = lag.takeSnapshot();
        lag.record(Duration.ofMillis(5));
        lag.record(Duration.ofMillis(300));

        assertThat(MirrorStats.maxAtMost(before, lag.takeSnapshot())).isEqualTo(500.0);
    }

    @Test
    void shouldSayTheMaxIsUnboundedWhenARecordOfTheWindowWentPastTheLastBucket() {
        Timer lag = lagTimer();
        HistogramSnapshot before = lag.takeSnapshot();
        lag.record(Duration.ofMillis(5));
        lag.record(Duration.ofMinutes(3));

        assertThat(MirrorStats.maxAtMost(before, lag.takeSnapshot())).isInfinite();
    }

    @Test
    void shouldHaveNoMaxForAWindowWithoutRecords() {
        Timer lag = lagTimer();
        lag.record(Duration.ofMillis(5));
        HistogramSnapshot before = lag.takeSnapshot();

        assertThat(MirrorStats.maxAtMost(before, lag.takeSnapshot())).isNaN();
    }
}
