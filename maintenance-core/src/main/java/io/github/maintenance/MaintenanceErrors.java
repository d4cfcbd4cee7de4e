package io.github.maintenance;

/**
 * One factory per refusal message, so that every control plane reports the same words for the
 * same mistake.
 */
public final class MaintenanceErrors {

    private MaintenanceErrors() {
    }

    /** An id that names no route. */
    public static MaintenanceException unknownRoute(String id) {
        return new MaintenanceException("route not found: " + printable(id));
    }

    /** An id that names no scheduled maintenance window. */
    public static MaintenanceException unknownSchedule(String id) {
        return new MaintenanceException("schedule not found: " + printable(id));
    }

    /** A route id that is already taken. */
    public static MaintenanceException duplicateRoute(String id) {
        return new MaintenanceException("route already exists: " + printable(id));
    }

    /** A malformed target. */
    public static MaintenanceException invalidTarget(String target, String rule) {
        return new MaintenanceException("invalid target '" + printable(target) + "': " + rule);
    }

    /** A malformed route field. */
    public static MaintenanceException invalidRoute(String field, String value, String rule) {
        return new MaintenanceException("invalid route " + field + " '" + printable(value) + "': " + rule);
    }

    /** A maintenance page URL that the URL policy refuses. */
    public static MaintenanceException invalidPageUrl(String url, String rule) {
        return new MaintenanceException("invalid maintenance page url '" + printable(url) + "': " + rule);
    }

    /** A configuration value that breaks its rule. */
    public static MaintenanceException invalidConfig(String key, Object value, String rule) {
        return new MaintenanceException("invalid value for '" + key + "': '" + printable(String.valueOf(value))
                + "' (" + rule + ")");
    }

    /** A duration that cannot be parsed or is out of range. */
    public static MaintenanceException invalidDuration(String value, String rule) {
        return new MaintenanceException("invalid duration '" + printable(value) + "': " + rule);
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
