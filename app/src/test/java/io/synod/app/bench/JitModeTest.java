package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitModeTest {

    @Test
    void shouldNameTheClientCompilerAloneWhenTieringStopsBelowTheOptimizingLevel() {
        assertThat(JitMode.describe(true, 1)).isEqualTo("C1 only");
        assertThat(JitMode.describe(true, 3)).isEqualTo("C1 only");
    }

    @Test
    void shouldNameTieredAndOptimizingOnlyCompilation() {
        assertThat(JitMode.describe(true, 4)).isEqualTo("tiered C1+C2");
        assertThat(JitMode.describe(false, 4)).isEqualTo("C2 only");
    }

    @Test
    void shouldReadThisJvmsCompilerFromItsOptions() {
        assertThat(JitMode.current()).isIn("C1 only", "tiered C1+C2", "C2 only");
    }
}
