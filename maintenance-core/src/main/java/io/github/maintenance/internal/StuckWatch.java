package io.github.maintenance.internal;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.event.MaintenanceEvent.Type;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the routes that have been in maintenance longer than a threshold and reports each once
 * per maintenance entry: a WARN notice with a {@link Type#MAINTENANCE_STUCK} event. A route is
 * reported again only after a new {@code enter} (a new {@code since}), or after it left
 * maintenance and entered it again. Nothing is changed: maintenance goes on.
 *
 * <p>What was reported is kept in memory only: a restarted instance reports a stuck route once
 * more. Confined to the thread holding the controller's lock; not thread-safe.
 */
public final class StuckWatch {

    /** Route id to the {@code since} of the maintenance entry last reported. */
    private final Map<String, Instant> reported = new HashMap<>();

    /** Reports nothing yet. */
    public StuckWatch() {
    }

    /**
     * {@return a notice for each route of {@code state} in maintenance for at least
     * {@code threshold} at {@code now} and not reported for this entry yet; empty when
     * {@code threshold} is zero (off)}
     *
     * @param state     the committed state
     * @param threshold the configured {@code stuckAfter}
     * @param now       the controller's time
     */
    public List<Transition.Notice> check(ControlState state, Duration threshold, Instant now) {
        if (threshold.isZero()) {
            reported.clear();
            return List.of();
        }
        Map<String, RouteState> states = state.states();
        reported.keySet().removeIf(id -> {
            RouteState s = states.get(id);
            return s == null || s.maintenance() == null;
        });
        List<Transition.Notice> out = new ArrayList<>();
        for (Route r : state.table().routes()) {
            RouteState s = states.get(r.id());
            MaintenanceState m = s == null ? null : s.maintenance();
            if (m == null || m.since().equals(reported.get(r.id()))) {
                continue;
            }
            Duration age = m.age(now);
            if (age.compareTo(threshold) < 0) {
                continue;
            }
            reported.put(r.id(), m.since());
            String detail = "in maintenance since " + m.began() + " (" + Durations.format(age.withNanos(0))
                    + "), stuckAfter=" + Durations.format(threshold);
            out.add(new Transition.Notice(Type.MAINTENANCE_STUCK, List.of(r.id()), Cause.timer(), detail,
                    "Route " + r.id() + " has been in maintenance for " + Durations.format(age.withNanos(0))
                    + " (since " + m.began() + ", longer than stuckAfter=" + Durations.format(threshold)
                    + "): search engines drop pages that answer 503 for long; exit maintenance, give it an end, "
                    + "or raise stuckAfter", true));
        }
        return out;
    }
}
