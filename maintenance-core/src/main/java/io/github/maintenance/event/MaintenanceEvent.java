package io.github.maintenance.event;

import io.github.maintenance.Cause;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change of state, delivered to {@link MaintenanceListener}s after it took effect.
 *
 * @param type     what changed
 * @param at       when (from the controller's clock)
 * @param routeIds the routes concerned, in table order
 * @param cause    who or what caused it
 * @param detail   a short human-readable description (page URL, drain duration, breaker counts)
 */
public record MaintenanceEvent(Type type, Instant at, List<String> routeIds, Cause cause, String detail) {

    /** Kinds of change. */
    public enum Type {
        MAINTENANCE_ENTERED,
        MAINTENANCE_EXITED,
        DRAIN_STARTED,
        DRAIN_CANCELLED,
        /** A drain period ended and the routes entered maintenance (after-drain behaviour). */
        DRAIN_COMPLETED,
        CIRCUIT_OPENED,
        CIRCUIT_HALF_OPENED,
        CIRCUIT_CLOSED,
        ROUTE_ADDED,
        ROUTE_UPDATED,
        ROUTE_REMOVED,
        /** A maintenance window was scheduled (it starts with {@link #MAINTENANCE_ENTERED}, cause schedule). */
        SCHEDULE_CREATED,
        /** A scheduled maintenance window was cancelled, or dropped because it was missed. */
        SCHEDULE_CANCELLED,
        /** State replaced by a newer state from the store (another instance made a change). */
        STATE_SYNCHRONIZED
    }

    public MaintenanceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        routeIds = List.copyOf(routeIds);
        detail = detail == null ? "" : detail;
    }
}
