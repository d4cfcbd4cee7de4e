package io.github.maintenance.internal;

import io.github.maintenance.Times;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

/** Checks on a state that comes from a store, before it is adopted. */
final class StoredStates {

    private StoredStates() {
    }

    /**
     * Refuses a stored state with a time outside the accepted range (years 1970 to 9999), which
     * no control plane can produce and which would overflow later.
     *
     * @throws io.github.maintenance.MaintenanceException of kind {@code INVALID_TIME}
     */
    static void checkTimes(StoredState s) {
        for (RouteState r : s.routeStates().values()) {
            check(r.maintenance());
            check(r.drain());
        }
        check(s.allMaintenance());
        check(s.allDrain());
        for (ScheduledWindow w : s.schedules()) {
            Times.check("schedule start", w.start());
            Times.check("schedule end", w.end());
        }
    }

    private static void check(MaintenanceState m) {
        if (m != null) {
            Times.check("since", m.since());
            Times.check("began", m.began());
            Times.check("until", m.until());
        }
    }

    private static void check(DrainState d) {
        if (d != null) {
            Times.check("drain start", d.start());
            Times.plus("drain end", d.start(), d.duration());
        }
    }
}
