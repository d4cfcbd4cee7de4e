package io.github.maintenance;

import io.github.maintenance.MaintenanceException.Kind;

/**
 * One factory per refusal, so that every control plane reports the same words and the same
 * {@link Kind} for the same mistake.
 */
public final class MaintenanceErrors {

    private MaintenanceErrors() {
    }

    /** An id that names no route. */
    public static MaintenanceException unknownRoute(String id) {
        return new MaintenanceException(Kind.UNKNOWN_ROUTE, "route not found: " + printable(id));
    }

    /** An id that names no scheduled maintenance window. */
    public static MaintenanceException unknownSchedule(String id) {
        return new MaintenanceException(Kind.UNKNOWN_SCHEDULE, "schedule not found: " + printable(id));
    }

    /** A route id that is already taken. */
    public static MaintenanceException duplicateRoute(String id) {
        return new MaintenanceException(Kind.DUPLICATE_ROUTE, "route already exists: " + printable(id));
    }

    /** A malformed target. */
    public static MaintenanceException invalidTarget(String target, String rule) {
        return new MaintenanceException(Kind.INVALID_TARGET, "invalid target '" + printable(target) + "': " + rule);
    }

    /** A malformed route field. */
    public static MaintenanceException invalidRoute(String field, String value, String rule) {
        return new MaintenanceException(Kind.INVALID_ROUTE,
                "invalid route " + field + " '" + printable(value) + "': " + rule);
    }

    /** A maintenance page URL that the URL policy refuses. */
    public static MaintenanceException invalidPageUrl(String url, String rule) {
        return new MaintenanceException(Kind.INVALID_URL,
                "invalid maintenance page url '" + printable(url) + "': " + rule);
    }

    /** A configuration value that breaks its rule. */
    public static MaintenanceException invalidConfig(String key, Object value, String rule) {
        return new MaintenanceException(Kind.INVALID_VALUE, "invalid value for '" + key + "': '"
                + printable(String.valueOf(value)) + "' (" + rule + ")");
    }

    /** A duration that cannot be parsed or is out of range. */
    public static MaintenanceException invalidDuration(String value, String rule) {
        return new MaintenanceException(Kind.INVALID_DURATION, "invalid duration '" + printable(value) + "': " + rule);
    }

    /** A time that cannot be parsed, is out of range or in the wrong place. */
    public static MaintenanceException invalidTime(String key, Object value, String rule) {
        return new MaintenanceException(Kind.INVALID_TIME, "invalid time for '" + key + "': '"
                + printable(String.valueOf(value)) + "' (" + rule + ")");
    }

    /** A field of a control request that is missing, unknown or of the wrong type. */
    public static MaintenanceException invalidField(String rule) {
        return new MaintenanceException(Kind.INVALID_VALUE, rule);
    }

    /** A change that does not fit the current state. */
    public static MaintenanceException conflict(String rule) {
        return new MaintenanceException(Kind.CONFLICT, rule);
    }

    /** A bound that a change would exceed. */
    public static MaintenanceException limitExceeded(String rule) {
        return new MaintenanceException(Kind.LIMIT_EXCEEDED, rule);
    }

    /** A change refused because the shared state store is unavailable. */
    public static MaintenanceException storeUnavailable(String detail) {
        return new MaintenanceException(Kind.STORE_UNAVAILABLE,
                "the state store is unavailable (" + printable(detail) + "); the change was refused");
    }

    /** A configuration resource (template, texts) that cannot be read or used. */
    public static MaintenanceException configuration(String message, Throwable cause) {
        return new MaintenanceException(Kind.CONFIGURATION, message, cause);
    }

    /** Echoes user input into a message safely: at most 200 chars, control characters replaced by '?'. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        int max = Math.min(value.length(), 200);
        StringBuilder sb = new StringBuilder(max + 3);
        for (int i = 0; i < max; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }
}
