package io.github.maintenance.audit;

import io.github.maintenance.Cause;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change recorded in the audit trail.
 *
 * <p>Actions are short lower-case words: {@code enter}, {@code exit}, {@code drain},
 * {@code cancel}, {@code drain-over}, {@code schedule}, {@code unschedule}, {@code route-add},
 * {@code route-update}, {@code route-remove}, {@code exempt-paths}, {@code breaker-open},
 * {@code breaker-half-open}, {@code breaker-closed} and {@code sync} (a state adopted from another
 * instance). Route states are short summaries such as {@code serving},
 * {@code maintenance(read-only, until 2027-01-10T03:00:00Z)} or {@code draining(until …)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param time     when the change was applied
 * @param instance the name of the instance that recorded it
 *                 ({@link io.github.maintenance.MaintenanceConfig#instanceName()})
 * @param source   the control plane or mechanism that made the change
 * @param actor    who acted within that source; may be empty
 * @param reason   why, as the operator gave it; may be empty
 * @param action   what kind of change, see above
 * @param target   the target as given ({@code ALL}, route ids, a path, a schedule id); may be empty
 * @param routeIds the routes the change affected, in order; may be empty
 * @param before   route id to its state summary before the change
 * @param after    route id to its state summary after the change
 * @param detail   a short description (page, drain duration, schedule id, why a timer acted); may
 *                 be empty
 * @param version  the version of the control state after the change
 */
public record AuditEntry(Instant time, String instance, Cause.Source source, String actor, String reason,
        String action, String target, List<String> routeIds, Map<String, String> before, Map<String, String> after,
        String detail, long version) {

    /**
     * Checks the required values and copies the collections; {@code null} texts become {@code ""},
     * {@code null} collections empty ones.
     *
     * @param time     when the change was applied; not null
     * @param instance the instance that recorded it
     * @param source   the control plane or mechanism; not null
     * @param actor    who acted
     * @param reason   why
     * @param action   what kind of change; not null
     * @param target   the target as given
     * @param routeIds the routes affected
     * @param before   route states before
     * @param after    route states after
     * @param detail   a short description
     * @param version  the state version after the change
     * @throws NullPointerException if {@code time}, {@code source} or {@code action} is {@code null}
     */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(action, "action");
        instance = text(instance);
        actor = text(actor);
        reason = text(reason);
        target = text(target);
        detail = text(detail);
        routeIds = routeIds == null ? List.of() : List.copyOf(routeIds);
        before = copy(before);
        after = copy(after);
    }

    /**
     * {@return the cause of the change: source, actor and reason}
     *
     * @throws io.github.maintenance.MaintenanceException if the reason is not one {@link Cause}
     *                                                    accepts (an entry built by hand)
     */
    public Cause cause() {
        return new Cause(source, actor, reason);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, String> copy(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(Objects.requireNonNull(k, "route id"), text(v)));
        return Collections.unmodifiableMap(c);
    }
}
