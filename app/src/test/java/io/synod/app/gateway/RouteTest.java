package io.synod.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTest {
    private final Route route = new Route("GET", "/api/v1/consensus/{id}", request -> Response.empty(204));

    @Test
    void shouldDecodeThePathParameter() {
        assertThat(route.match("/api/v1/consensus/claim%201")).containsEntry("id", "claim 1");
    }

    @Test
    void shouldNotMatchAnotherShapeOfPath() {
        assertThat(route.match("/api/v1/consensus")).isNull();
        assertThat(route.match("/api/v1/consensus/")).isNull();
        assertThat(route.match("/api/v1/consensus/a/b")).isNull();
        assertThat(route.match("/api/v1/other/a")).isNull();
    }
}
