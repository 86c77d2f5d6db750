package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

    @Test
    void shouldFindTheMetricsOfAQueryButNotItsFunctionsLabelsOrVariables() {
        String expr = "sum by (tenant) (rate(consensus_achieved_total{tenant=~\"$tenant\"}[$__rate_interval]))"
                + " / on (tenant) sum by (tenant) (rate(consensus_decisions_total{status!=\"escalated\"}[5m]))";

        assertThat(DashboardQueries.metricNames(expr)).containsExactly("consensus_achieved_total", "consensus_decisions_total");
    }

    @Test
    void shouldFindTheMetricOfAHistogramQuantileAndOfALabelValuesQuery() {
        assertThat(DashboardQueries.metricNames("histogram_quantile(0.95, sum by (le) (rate(consensus_latency_seconds_bucket{from=\"last_vote\"}[1m])))"))
                .containsExactly("consensus_latency_seconds_bucket");
        assertThat(DashboardQueries.metricNames("label_values(consensus_network_agents, tenant)")).containsExactly("consensus_network_agents");
    }

    @Test
    void shouldReadTheSampleNamesOfAPrometheusScrape() {
        String scrape = "# HELP consensus_achieved_total x\n# TYPE consensus_achieved_total counter\n"
                + "consensus_achieved_total{tenant=\"t\"} 3.0\nprocess_uptime_seconds 12.5\n";

        assertThat(DashboardQueries.exported(scrape)).containsExactly("consensus_achieved_total", "process_uptime_seconds");
    }

    @Test
    void shouldGiveEveryPanelAQueryOnTheProvisionedPrometheusDatasource() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<java.nio.file.Path> files;
        try (var list = Files.list(DashboardQueries.DASHBOARDS)) {
            files = list.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertThat(files).hasSize(4);
        for (var file : files) {
            JsonNode dashboard = json.readTree(file.toFile());
            assertThat(dashboard.path("uid").asText()).as(file.toString()).startsWith("synod-");
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("targets")).as(file + " / " + panel.path("title")).isNotEmpty();
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("prometheus");
                for (JsonNode target : panel.path("targets")) {
                    assertThat(DashboardQueries.metricNames(target.path("expr").asText())).as(target.toString()).isNotEmpty();
                }
            }
        }
    }
}
