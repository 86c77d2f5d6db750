package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantTagsTest {

    @Test
    void shouldNameTheFirstTenantsAndFoldTheRestIntoOther() {
        TenantTags tags = new TenantTags(2);

        assertThat(tags.of("a")).isEqualTo("a");
        assertThat(tags.of("b")).isEqualTo("b");
        assertThat(tags.of("c")).isEqualTo(TenantTags.OTHER);
        assertThat(tags.of("a")).isEqualTo("a");
        assertThat(tags.of(null)).isEqualTo(TenantTags.NONE);
    }
}
