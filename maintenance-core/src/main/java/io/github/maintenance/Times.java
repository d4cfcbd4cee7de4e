package io.github.maintenance;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one range of times every control plane accepts, and the parser of wire times.
 *
 * <p>Times are accepted from {@link #EARLIEST} (1970) to {@link #LATEST} (the end of year 9999):
 * every such time converts to epoch milliseconds, prints as an ISO-8601 date and survives a
 * stored state. A time outside it, or an end computed from a duration that would fall outside
 * it, is refused with {@link MaintenanceException.Kind#INVALID_TIME} before anything changes.
 */
public final class Times {

    /** The earliest time accepted. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest time accepted. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final String EXAMPLE = "2027-01-10T02:00:00Z";

    private Times() {
    }

    /**
     * Checks that {@code value} lies in the accepted range.
     *
     * @param value the time, or {@code null} (which passes)
     * @param key names the value in the error
     * @return {@code value}
     * @throws MaintenanceException of kind {@code INVALID_TIME} when it does not
     */
    public static Instant check(String key, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw outOfRange(key, value.toString());
        }
        return value;
    }

    /**
     * {@code start + duration}, checked to lie in the accepted range.
     *
     * @param key names the value in the error
     * @param start the start
     * @param duration the duration to add
     * @return the end
     * @throws MaintenanceException of kind {@code INVALID_TIME} when the sum falls outside it
     */
    public static Instant plus(String key, Instant start, Duration duration) {
        Instant end;
        try {
            end = start.plus(duration);
        } catch (DateTimeException | ArithmeticException e) {
            throw outOfRange(key, start + " + " + duration);
        }
        return check(key, end);
    }

    /**
     * Parses an ISO-8601 / RFC 3339 time with an offset ({@code 2027-01-10T02:00:00Z},
     * {@code 2027-01-10T03:00:00+01:00}) in the accepted range.
     *
     * @param key names the value in the error
     * @param text the time, such as {@code 2027-01-10T02:00:00Z}
     * @return the time
     * @throws MaintenanceException of kind {@code INVALID_TIME} naming {@code key}
     */
    public static Instant parse(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new MaintenanceException(MaintenanceException.Kind.INVALID_TIME, "missing field '" + key
                    + "' (an ISO-8601 time with an offset such as " + EXAMPLE + ")");
        }
        Instant t = null;
        if (text.length() <= 64) {
            try {
                t = OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e) {
                t = null;
            }
        }
        if (t == null) {
            throw new MaintenanceException(MaintenanceException.Kind.INVALID_TIME, "field '" + key
                    + "' must be an ISO-8601 time with an offset such as " + EXAMPLE + " or 2027-01-10T03:00:00+01:00, got '"
                    + MaintenanceErrors.printable(text) + "'");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw outOfRange(key, text);
        }
        return t;
    }

    private static MaintenanceException outOfRange(String key, String value) {
        return new MaintenanceException(MaintenanceException.Kind.INVALID_TIME, "field '" + key
                + "' must be between the years 1970 and 9999, got '" + MaintenanceErrors.printable(value) + "'");
    }
}
