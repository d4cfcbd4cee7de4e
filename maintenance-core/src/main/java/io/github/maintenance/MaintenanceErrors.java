package io.github.maintenance;

import io.github.maintenance.MaintenanceException.Kind;

/**
 * One factory per refusal, so that every control plane reports the same words and the same
 * {@link Kind} for the same mistake.
 */
public final class MaintenanceErrors {

    private MaintenanceErrors() {
    }

    /**
     * The error for an id that names no route ({@link Kind#UNKNOWN_ROUTE}).
     * @param id the id given, or {@code null}
     * @return the exception, to be thrown
     */
    public static MaintenanceException unknownRoute(String id) {
        return new MaintenanceException(Kind.UNKNOWN_ROUTE, "route not found: " + printable(id));
    }

    /**
     * The error for an id that names no scheduled maintenance window ({@link Kind#UNKNOWN_SCHEDULE}).
     * @param id the id given
     * @return the exception, to be thrown
     */
    public static MaintenanceException unknownSchedule(String id) {
        return new MaintenanceException(Kind.UNKNOWN_SCHEDULE, "schedule not found: " + printable(id));
    }

    /**
     * The error for a route id that is already taken ({@link Kind#DUPLICATE_ROUTE}).
     * @param id the id given
     * @return the exception, to be thrown
     */
    public static MaintenanceException duplicateRoute(String id) {
        return new MaintenanceException(Kind.DUPLICATE_ROUTE, "route already exists: " + printable(id));
    }

    /**
     * The error for a malformed target ({@link Kind#INVALID_TARGET}).
     * @param target the target given
     * @param rule what is wrong with it, in words
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidTarget(String target, String rule) {
        return new MaintenanceException(Kind.INVALID_TARGET, "invalid target '" + printable(target) + "': " + rule);
    }

    /**
     * The error for a malformed route field ({@link Kind#INVALID_ROUTE}).
     * @param field the field's name, such as {@code path}
     * @param value the value given
     * @param rule what is wrong with it, in words
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidRoute(String field, String value, String rule) {
        return new MaintenanceException(Kind.INVALID_ROUTE,
                "invalid route " + field + " '" + printable(value) + "': " + rule);
    }

    /**
     * The error for a maintenance page URL that the URL policy refuses ({@link Kind#INVALID_URL}).
     * @param url the URL given
     * @param rule what is wrong with it, in words
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidPageUrl(String url, String rule) {
        return new MaintenanceException(Kind.INVALID_URL,
                "invalid maintenance page url '" + printable(url) + "': " + rule);
    }

    /**
     * The error for a configuration value that breaks its rule ({@link Kind#INVALID_VALUE}).
     * @param key the setting's name
     * @param value the value given; its text is shortened and cleaned of control characters
     * @param rule the rule it breaks, in words
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidConfig(String key, Object value, String rule) {
        return new MaintenanceException(Kind.INVALID_VALUE, "invalid value for '" + key + "': '"
                + printable(String.valueOf(value)) + "' (" + rule + ")");
    }

    /**
     * The error for a duration that cannot be parsed or is out of range ({@link Kind#INVALID_DURATION}).
     * @param value the duration given
     * @param rule what is wrong with it, in words
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidDuration(String value, String rule) {
        return new MaintenanceException(Kind.INVALID_DURATION, "invalid duration '" + printable(value) + "': " + rule);
    }

    /**
     * The error for a time that cannot be parsed, is out of range or in the wrong place ({@link Kind#INVALID_TIME}).
     * @param key the field's name, such as {@code until}
     * @param value the time given
     * @param rule what is wrong with it, in words
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidTime(String key, Object value, String rule) {
        return new MaintenanceException(Kind.INVALID_TIME, "invalid time for '" + key + "': '"
                + printable(String.valueOf(value)) + "' (" + rule + ")");
    }

    /**
     * The error for a field of a control request that is missing, unknown or of the wrong type ({@link
     * Kind#INVALID_VALUE}).
     * @param rule the whole message, naming the field
     * @return the exception, to be thrown
     */
    public static MaintenanceException invalidField(String rule) {
        return new MaintenanceException(Kind.INVALID_VALUE, rule);
    }

    /**
     * The error for a change that does not fit the current state ({@link Kind#CONFLICT}).
     * @param rule the whole message
     * @return the exception, to be thrown
     */
    public static MaintenanceException conflict(String rule) {
        return new MaintenanceException(Kind.CONFLICT, rule);
    }

    /**
     * The error for a bound that a change would exceed ({@link Kind#LIMIT_EXCEEDED}).
     * @param rule the whole message, naming the bound
     * @return the exception, to be thrown
     */
    public static MaintenanceException limitExceeded(String rule) {
        return new MaintenanceException(Kind.LIMIT_EXCEEDED, rule);
    }

    /**
     * The error for a change refused because the shared state store is unavailable ({@link Kind#STORE_UNAVAILABLE}).
     * @param detail what the store reports
     * @return the exception, to be thrown
     */
    public static MaintenanceException storeUnavailable(String detail) {
        return new MaintenanceException(Kind.STORE_UNAVAILABLE,
                "the state store is unavailable (" + printable(detail) + "); the change was refused");
    }

    /**
     * The error for a configuration resource (template, texts) that cannot be read or used ({@link
     * Kind#CONFIGURATION}).
     * @param message the whole message, naming the resource
     * @param cause the underlying failure, or {@code null}
     * @return the exception, to be thrown
     */
    public static MaintenanceException configuration(String message, Throwable cause) {
        return new MaintenanceException(Kind.CONFIGURATION, message, cause);
    }

    /**
     * Echoes user input into a message safely: at most 200 chars, control characters replaced by '?'.
     *
     * @param value the input, or {@code null}
     * @return the text to put in a message; {@code "null"} for {@code null}, {@code ...} appended when shortened
     */
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
