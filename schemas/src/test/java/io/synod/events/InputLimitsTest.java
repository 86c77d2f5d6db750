package io.synod.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputLimitsTest {

    @Test
    void shouldMeasureAnOversizedTextInUtf8BytesNotCharacters() {
        String snowmen = "\u2603".repeat(InputLimits.MAX_JUSTIFICATION_BYTES / 3 + 1);

        assertThat(InputLimits.oversize(snowmen, InputLimits.MAX_JUSTIFICATION_BYTES)).isEqualTo(3L * snowmen.length());
        assertThat(InputLimits.oversize("x".repeat(InputLimits.MAX_JUSTIFICATION_BYTES), InputLimits.MAX_JUSTIFICATION_BYTES)).isEqualTo(-1);
        assertThat(InputLimits.oversize(null, InputLimits.MAX_JUSTIFICATION_BYTES)).isEqualTo(-1);
    }

    @Test
    void shouldRefuseANulButKeepEveryOtherControlCharacter() {
        assertThat(InputLimits.problemWithText("text", "a\u0000b")).contains("NUL").contains("at 1");
        assertThat(InputLimits.problemWithText("text", "\u0001\u0007\u001b[31m\r\n\t\u007f\u0085'; DROP TABLE votes; --")).isNull();
        assertThat(InputLimits.problemWithText("text", null)).isNull();
    }

    @Test
    void shouldAllowClockSkewButNotAClaimedTimeFurtherAheadOfItsRecord() {
        assertThat(InputLimits.problemWithClaimedTime("castAtMs", 1_000 + InputLimits.MAX_CLOCK_SKEW_MS, 1_000)).isNull();
        assertThat(InputLimits.problemWithClaimedTime("castAtMs", 1_001 + InputLimits.MAX_CLOCK_SKEW_MS, 1_000)).startsWith("castAtMs");
        assertThat(InputLimits.problemWithClaimedTime("castAtMs", Long.MIN_VALUE, 1_000)).isNull();
    }
}
