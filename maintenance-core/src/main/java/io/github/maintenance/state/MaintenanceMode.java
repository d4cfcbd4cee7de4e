package io.github.maintenance.state;

import io.github.maintenance.MaintenanceErrors;

import java.util.Locale;

/**
 * How a target in maintenance treats requests. The mode is an option of one maintenance entry
 * (see {@link io.github.maintenance.WindowOptions}); every control plane can set it.
 */
public enum MaintenanceMode {
    /** Every request gets the maintenance response (the default). */
    FULL("full"),
    /**
     * Safe methods (GET, HEAD, OPTIONS, TRACE) and the configured exceptions pass to the
     * application; every other request gets the maintenance response.
     */
    READ_ONLY("read-only"),
    /**
     * Requests are parked (servlet async, no thread held) until the maintenance ends, then
     * passed to the application; when the hold time runs out they get the maintenance response.
     */
    HOLD("hold");

    private final String wireName;

    MaintenanceMode(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name used on every control plane and in stores: {@code full}, {@code read-only} or {@code hold}} */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a mode name, ignoring case; {@code read_only} and {@code readonly} are accepted for
     * {@code read-only}.
     *
     * @param text the name
     * @return the mode
     * @throws io.github.maintenance.MaintenanceException if {@code text} names no mode
     */
    public static MaintenanceMode parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "full" -> {
                    return FULL;
                }
                case "read-only", "read_only", "readonly" -> {
                    return READ_ONLY;
                }
                case "hold" -> {
                    return HOLD;
                }
                default -> {
                }
            }
        }
        throw MaintenanceErrors.invalidConfig("mode", text, "expected full, read-only or hold");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
