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
        /** One or more routes entered maintenance (immediately, or at the start of a scheduled window). */
        MAINTENANCE_ENTERED,
        /** One or more routes left maintenance (to serving, or to a drain). */
        MAINTENANCE_EXITED,
        /** A drain period started on one or more routes. */
        DRAIN_STARTED,
        /** A drain was cancelled before it ended. */
        DRAIN_CANCELLED,
        /** A drain period ended and the routes entered maintenance (after-drain behaviour). */
        DRAIN_COMPLETED,
        /** A route's circuit breaker opened: the route answers with the maintenance page. */
        CIRCUIT_OPENED,
        /** A route's open circuit breaker half-opened: trial requests are let through. */
        CIRCUIT_HALF_OPENED,
        /** A route's circuit breaker closed again after enough successful trial requests. */
        CIRCUIT_CLOSED,
        /** A route was added to the route table. */
        ROUTE_ADDED,
        /** A route's definition was replaced in the route table. */
        ROUTE_UPDATED,
        /** A route was removed from the route table. */
        ROUTE_REMOVED,
        /** A maintenance window was scheduled (it starts with {@link #MAINTENANCE_ENTERED}, cause schedule). */
        SCHEDULE_CREATED,
        /** A scheduled maintenance window was cancelled, or dropped because it was missed. */
        SCHEDULE_CANCELLED,
        /** State replaced by a newer state from the store (another instance made a change). */
        STATE_SYNCHRONIZED,
        /**
         * A route has been in maintenance longer than the configured {@code stuckAfter}: reported
         * once per maintenance entry, nothing changes (the detail says since when, and for how long).
         */
        MAINTENANCE_STUCK
    }

    /**
     * Checks that {@code type}, {@code at} and {@code cause} are present, copies {@code routeIds} and turns a
     * {@code null} detail into an empty string.
     * @throws NullPointerException if {@code type}, {@code at}, {@code cause} or {@code routeIds} is {@code null}
     * @param type what changed; not null
     * @param at when; not null
     * @param routeIds the routes concerned; copied, not null
     * @param cause who or what caused it; not null
     * @param detail a short description; {@code null} becomes {@code ""}
     */
    public MaintenanceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        routeIds = List.copyOf(routeIds);
        detail = detail == null ? "" : detail;
    }
}
