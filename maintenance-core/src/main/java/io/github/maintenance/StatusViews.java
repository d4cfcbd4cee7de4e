package io.github.maintenance;

import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.internal.CircuitBreakerStateMachine;
import io.github.maintenance.internal.RouteCounters;
import io.github.maintenance.internal.RouteResources;
import io.github.maintenance.internal.TrafficRecorder;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.RouteTraffic;
import io.github.maintenance.stats.Totals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only views of a published snapshot: route statuses, traffic and totals. Reads only the
 * snapshot and lock-free counters, so callers need no lock (totals also read the retired sums,
 * which the caller passes in). Stateless.
 */
final class StatusViews {

    private StatusViews() {
    }

    static RouteStatus status(MaintenanceSnapshot s, String routeId, Instant now, Duration stuckAfter) {
        int i = s.routes().indexOf(routeId);
        if (i < 0) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        return status(s.entry(i), now, stuckAfter);
    }

    static List<RouteStatus> statuses(MaintenanceSnapshot s, Instant now, Duration stuckAfter) {
        List<RouteStatus> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(status(s.entry(i), now, stuckAfter));
        }
        return out;
    }

    private static RouteStatus status(MaintenanceSnapshot.Entry e, Instant now, Duration stuckAfter) {
        MaintenanceState m = e.state.maintenance();
        DrainState d = e.state.drain();
        CircuitBreakerStateMachine.Snapshot b = e.breaker == null ? null : e.breaker.snapshot();
        RouteCounters c = e.counters;
        RouteStatus.Builder out = RouteStatus.builder(e.route).phase(e.state.phase());
        if (b != null) {
            out.circuit(true, b.state(), b.failures(), b.successes(),
                    b.openedAt() == 0 ? null : Instant.ofEpochMilli(b.openedAt()),
                    b.lastFailure() == 0 ? null : Instant.ofEpochMilli(b.lastFailure()));
        }
        if (m != null) {
            out.maintenance(m.pageUrl(), m.message(), m.since(), m.until()).maintenanceOptions(m.options());
            out.began(m.began(), !stuckAfter.isZero() && m.age(now).compareTo(stuckAfter) >= 0);
        }
        if (d != null) {
            out.drain(d.start(), d.duration(), d.remaining(now), d.progress(now.toEpochMilli()));
        }
        out.lifetime(c.maintenanceHits.sum(), c.drainRejected.sum());
        out.modeCounts(c.readOnlyRejected.sum(), Math.max(0, c.heldNow.sum()), c.holdReleased.sum(),
                c.holdTimedOut.sum(), Math.max(0, c.inFlight.sum()));
        return out.counts(c.currentMaintenanceHits(), c.currentDrainRejected(), c.circuitRejected.sum(),
                c.requests.sum(), c.passed.sum(), c.errors.sum()).build();
    }

    static RouteTraffic traffic(MaintenanceSnapshot s, String routeId) {
        int i = s.routes().indexOf(routeId);
        if (i < 0) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        return traffic(s.entry(i));
    }

    static List<RouteTraffic> traffic(MaintenanceSnapshot s) {
        List<RouteTraffic> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(traffic(s.entry(i)));
        }
        return out;
    }

    private static RouteTraffic traffic(MaintenanceSnapshot.Entry e) {
        TrafficRecorder t = e.counters.traffic;
        return t == null ? RouteTraffic.none(e.route.id()) : t.snapshot(e.route.id());
    }

    /** Sums over every route of {@code s}, plus {@code retired} (the lifetime sums of removed routes). */
    static Totals totals(MaintenanceSnapshot s, long[] retired) {
        int inMaintenance = 0;
        int draining = 0;
        int open = 0;
        long hits = 0;
        long drain = 0;
        long[] sums = retired.clone();
        for (int i = 0; i < s.size(); i++) {
            MaintenanceSnapshot.Entry e = s.entry(i);
            if (e.state.maintenance() != null) {
                inMaintenance++;
            }
            if (e.state.drain() != null) {
                draining++;
            }
            if (e.breaker != null && e.breaker.snapshot().state() == CircuitState.OPEN) {
                open++;
            }
            hits += e.counters.currentMaintenanceHits();
            drain += e.counters.currentDrainRejected();
            RouteResources.add(sums, e.counters);
        }
        return new Totals(s.size(), inMaintenance, draining, open, hits, drain, sums[0], sums[1], sums[2], sums[3],
                sums[4], sums[5]);
    }
}
