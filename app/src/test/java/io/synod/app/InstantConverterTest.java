package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class InstantConverterTest {
    private final InstantConverter converter = new InstantConverter(Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldReadAnInstantWithOrWithoutAnOffset() {
        assertThat(converter.convert("2026-12-07T06:00:00Z")).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
        assertThat(converter.convert("2026-12-07T08:00:00+02:00")).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
    }

    @Test
    void shouldReadATimeAgoInMinutesHoursOrDays() {
        assertThat(converter.convert("90m")).isEqualTo(Instant.parse("2026-12-07T10:30:00Z"));
        assertThat(converter.convert("6h")).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
        assertThat(converter.convert("2d")).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
    }

    @Test
    void shouldRefuseWhatIsNeitherWithAnExample() {
        assertThatThrownBy(() -> converter.convert("yesterday")).isInstanceOf(TypeConversionException.class).hasMessageContaining("6h");
        assertThatThrownBy(() -> converter.convert("2026-13-07T06:00:00Z")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("2026-12-07T06:00:00Z");
    }
}
