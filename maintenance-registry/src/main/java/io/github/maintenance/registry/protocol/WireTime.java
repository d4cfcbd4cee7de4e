package io.github.maintenance.registry.protocol;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps and durations on the wire: RFC 3339 in UTC with second precision
 * ({@code 2025-12-20T14:03:07Z}), Go duration syntax ({@code 300ms}, {@code 1m30s}) or a bare
 * integer meaning seconds.
 */
public final class WireTime {

    /** What Go's zero {@code time.Time} marshals to; sent when there is no time. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private WireTime() {
    }

    /**
     * {@return {@code instant} truncated to seconds, as {@code 2025-12-20T14:03:07Z}; {@link #ZERO} for {@code null}}
     *
     * @param instant the time, or {@code null}
     */
    public static String format(Instant instant) {
        return instant == null ? ZERO : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses an RFC 3339 timestamp with a zone ({@code Z} or an offset).
     *
     * @param text the timestamp, surrounding blanks ignored
     * @return the instant
     * @throws IllegalArgumentException when it is not one
     */
    public static Instant parseInstant(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text.trim(), Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + Reply.printable(text, 64), e);
        }
    }

    /**
     * Parses a duration: Go syntax, a bare integer (seconds) or ISO-8601.
     *
     * @param text the duration, such as {@code 90s}, {@code 90} or {@code PT90S}
     * @return the duration
     * @throws IllegalArgumentException when it is none of those
     */
    public static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (MaintenanceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
