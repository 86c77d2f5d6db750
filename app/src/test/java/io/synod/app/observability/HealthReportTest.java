package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    @Test
    void shouldBeHealthyOnlyWhenEveryCheckIsAndNameWhatFailed() {
        HealthReport report = HealthReport.of(List.of(HealthCheck.of("topics", () -> null),
                HealthCheck.of("streams.detector", () -> "REBALANCING"),
                HealthCheck.of("mirror", () -> {
                    throw new IllegalStateException("no \"db\"");
                })));

        assertThat(report.healthy()).isFalse();
        assertThat(report.json()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"topics\":\"UP\",\"streams.detector\":\"REBALANCING\","
                + "\"mirror\":\"IllegalStateException: no \\\"db\\\"\"}}");
    }
}
