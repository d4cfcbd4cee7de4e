package io.github.maintenance.notify;

import io.github.maintenance.Cause;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something an operator should hear about: a change of maintenance state or an alert.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type     what happened
 * @param instance the name of the instance it happened on ({@code instanceName} of the configuration)
 * @param at       when, from the controller's clock
 * @param routeIds the routes concerned, in table order
 * @param cause    who or what caused it; alerts have the {@linkplain Cause#timer() timer} cause
 * @param detail   a short human-readable description; may be empty
 */
public record Notification(NotificationType type, String instance, Instant at, List<String> routeIds, Cause cause,
                           String detail) {

    /**
     * Checks that {@code type}, {@code at} and {@code cause} are present, copies {@code routeIds}
     * and turns a {@code null} instance or detail into an empty string.
     *
     * @param type     what happened; not null
     * @param instance the instance's name, or {@code null}
     * @param at       when; not null
     * @param routeIds the routes concerned; copied, not null
     * @param cause    who or what caused it; not null
     * @param detail   a short description, or {@code null}
     * @throws NullPointerException if {@code type}, {@code at}, {@code routeIds} or {@code cause} is {@code null}
     */
    public Notification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        instance = instance == null ? "" : instance;
        routeIds = List.copyOf(routeIds);
        detail = detail == null ? "" : detail;
    }

    /**
     * {@return a one-line summary, such as
     * {@code [web-1] Maintenance entered on admin by ops (registry): page https://...}}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (!instance.isEmpty()) {
            sb.append('[').append(instance).append("] ");
        }
        sb.append(type.title());
        if (!routeIds.isEmpty()) {
            sb.append(" on ").append(String.join(", ", routeIds));
        }
        String source = cause.source().name().toLowerCase(java.util.Locale.ROOT);
        sb.append(cause.actor().isEmpty() ? " (" + source + ")" : " by " + cause.actor() + " (" + source + ")");
        if (!detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }
}
