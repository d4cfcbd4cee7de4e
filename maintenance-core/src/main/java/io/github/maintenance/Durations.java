package io.github.maintenance;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Parses the short duration syntax used in configuration and on the wire.
 *
 * <p>Accepted forms: a sequence of number-unit pairs as in Go ({@code 300ms}, {@code 10s},
 * {@code 1m30s}, {@code 1.5h}; units {@code ns us µs ms s m h d}), an ISO-8601 duration
 * ({@code PT30S}), or a bare non-negative integer meaning seconds ({@code 300}). Negative values
 * are refused.
 */
public final class Durations {

    /** The longest duration accepted (about 31 years): every accepted value fits in nanoseconds. */
    public static final Duration MAX = Duration.ofNanos(1_000_000_000_000_000_000L);

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @param text a duration in one of the accepted forms; surrounding blanks are ignored
     * @return the duration, from zero to {@link #MAX}
     * @throws MaintenanceException naming the value when it cannot be parsed
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw MaintenanceErrors.invalidDuration("null", "a duration is required");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw MaintenanceErrors.invalidDuration(text, "a duration is required");
        }
        if (s.length() > 64) {
            throw MaintenanceErrors.invalidDuration(text, "too long");
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
            try {
                Duration d = Duration.parse(s);
                if (d.isNegative()) {
                    throw MaintenanceErrors.invalidDuration(text, "must not be negative");
                }
                return bounded(text, d);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw MaintenanceErrors.invalidDuration(text, "not an ISO-8601 duration");
            }
        }
        if (allDigits(s)) {
            try {
                return bounded(text, Duration.ofSeconds(Long.parseLong(s)));
            } catch (NumberFormatException | ArithmeticException e) {
                throw MaintenanceErrors.invalidDuration(text, "out of range");
            }
        }
        return parseUnits(text, s);
    }

    /**
     * Formats a duration in the short syntax ({@code 1h30m}, {@code 45s}, {@code 250ms}); the
     * result parses back to the same value at millisecond precision.
     *
     * @param d the duration
     * @return the short form; {@code 0s} for zero
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = d.toMillis();
        long h = ms / 3_600_000L;
        ms -= h * 3_600_000L;
        long m = ms / 60_000L;
        ms -= m * 60_000L;
        long s = ms / 1000L;
        ms -= s * 1000L;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.length() == 0 ? "0s" : sb.toString();
    }

    /**
     * Checks a duration given as a number of seconds (as JSON and the wire carry it): at least
     * {@code min} seconds and at most {@link #MAX}.
     *
     * @param key names the value in the error
     * @param seconds the number of seconds
     * @param min the least number of seconds accepted
     * @return the duration
     * @throws MaintenanceException of kind {@code INVALID_DURATION} naming {@code key}
     */
    public static Duration ofSeconds(String key, java.math.BigInteger seconds, long min) {
        if (seconds.compareTo(java.math.BigInteger.valueOf(min)) < 0
                || seconds.compareTo(java.math.BigInteger.valueOf(MAX.getSeconds())) > 0) {
            throw MaintenanceErrors.invalidDuration(key + "=" + seconds, "must be from " + min + " to "
                    + MAX.getSeconds() + " seconds");
        }
        return Duration.ofSeconds(seconds.longValueExact());
    }

    private static Duration bounded(String text, Duration d) {
        if (d.compareTo(MAX) > 0) {
            throw MaintenanceErrors.invalidDuration(text, "out of range (at most " + MAX.toDays() + " days)");
        }
        return d;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** ASCII digits only: {@link Character#isDigit} also takes other scripts' digits, which no number parser reads. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static Duration parseUnits(String original, String s) {
        int i = 0;
        double totalNanos = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            boolean dot = false;
            while (i < n && (isDigit(s.charAt(i)) || (s.charAt(i) == '.' && !dot))) {
                if (s.charAt(i) == '.') {
                    dot = true;
                }
                i++;
            }
            if (start == i || (i - start == 1 && dot)) {
                throw MaintenanceErrors.invalidDuration(original, "expected a number at position " + start);
            }
            double value = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < n && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            double factor = switch (unit) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "d" -> 86_400e9;
                case "" -> throw MaintenanceErrors.invalidDuration(original, "missing unit (use ms, s, m, h or d)");
                default -> throw MaintenanceErrors.invalidDuration(original, "unknown unit '" + unit + "'");
            };
            totalNanos += value * factor;
        }
        if (totalNanos > 1e18 || Double.isNaN(totalNanos)) {
            throw MaintenanceErrors.invalidDuration(original, "out of range");
        }
        return Duration.ofNanos((long) totalNanos);
    }
}
