package io.github.maintenance.registry.protocol;

import io.github.maintenance.event.MaintenanceEvent;

/**
 * The event types a session can {@code SUBSCRIBE} to; {@code *} means all of them. Subscribed
 * sessions receive {@code EVENT|<type>|<json>} lines.
 */
public enum EventType {
    /**
     * Maintenance entered or exited (also by time, by a drain's end, or synchronised from another
     * instance), or a route reported as in maintenance longer than {@code stuckAfter}.
     */
    MAINTENANCE("maintenance"),
    /** Drain started, cancelled or completed. */
    DRAIN("drain"),
    /** A circuit breaker opened, half-opened or closed. */
    CIRCUIT("circuit"),
    /** A route was added, updated (circuit breaker settings included) or removed. */
    ROUTE("route"),
    /** A session's staged configuration was applied, rolled back or expired. */
    CONFIG("config"),
    /** A maintenance window was scheduled, cancelled or missed (its start is a maintenance event). */
    SCHEDULE("schedule"),
    /** Every type. */
    ALL("*");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name on the wire} */
    public String wireName() {
        return wireName;
    }

    /**
     * {@return the type named {@code name} on the wire, or {@code null}}
     *
     * @param name the type field of SUBSCRIBE
     */
    public static EventType parse(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * {@return the type of a controller event}
     *
     * @param type the kind of a controller event
     */
    public static EventType of(MaintenanceEvent.Type type) {
        return switch (type) {
            case DRAIN_STARTED, DRAIN_CANCELLED, DRAIN_COMPLETED -> DRAIN;
            case CIRCUIT_OPENED, CIRCUIT_HALF_OPENED, CIRCUIT_CLOSED -> CIRCUIT;
            case ROUTE_ADDED, ROUTE_UPDATED, ROUTE_REMOVED -> ROUTE;
            case SCHEDULE_CREATED, SCHEDULE_CANCELLED -> SCHEDULE;
            // MAINTENANCE_ENTERED, MAINTENANCE_EXITED, MAINTENANCE_STUCK, STATE_SYNCHRONIZED and any later kind
            default -> MAINTENANCE;
        };
    }
}
