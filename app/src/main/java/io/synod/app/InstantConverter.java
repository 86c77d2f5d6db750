package io.synod.app;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time on the command line (record's --since and --until): an instant (2026-12-07T06:00:00Z, or with an
 * offset) or how long ago (90m, 6h, 2d).
 */
public final class InstantConverter implements ITypeConverter<Instant> {
    private final Clock clock;

    public InstantConverter() {
        this(Clock.systemUTC());
    }

    InstantConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        if (v.length() > 10 && v.charAt(4) == '-' && v.indexOf('T') > 0) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an instant such as 2026-12-07T06:00:00Z: " + e.getMessage());
            }
        }
        try {
            return clock.instant().minus(new DurationConverter().convert(v));
        } catch (TypeConversionException e) {
            throw new TypeConversionException("'" + value + "' is neither an instant such as 2026-12-07T06:00:00Z nor a time ago such as 90m, 6h or 2d");
        }
    }
}
