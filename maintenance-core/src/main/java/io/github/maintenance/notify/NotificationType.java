package io.github.maintenance.notify;

import java.util.Locale;

/** What a {@link Notification} reports. */
public enum NotificationType {
    /** One or more routes entered maintenance (immediately, or when a drain ended). */
    MAINTENANCE_ENTERED,
    /** One or more routes left maintenance. */
    MAINTENANCE_EXITED,
    /** A drain period started on one or more routes. */
    DRAIN_STARTED,
    /** A maintenance window was scheduled. */
    SCHEDULE_ANNOUNCED,
    /** A scheduled maintenance window started: its routes entered maintenance. */
    SCHEDULE_STARTED,
    /** A route has been in maintenance longer than the controller's {@code stuckAfter}. */
    MAINTENANCE_STUCK,
    /** A route's circuit breaker opened. */
    CIRCUIT_OPENED,
    /** Alert rule: maintenance responses on a route went above the configured rate per minute. */
    HITS_ABOVE_THRESHOLD,
    /** Alert rule: a route has been in maintenance longer than the configured duration. */
    MAINTENANCE_LONGER_THAN;

    /** {@return the name used in payloads: lower case, such as {@code maintenance_entered}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return a short human-readable title, such as {@code Maintenance entered}} */
    public String title() {
        String s = name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
