package io.github.maintenance.micrometer;

import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;

/** Controllers for the meter tests, and requests sent through them the way the filter does. */
final class Traffic {

    private Traffic() {
    }

    /** A hand-moved clock, no timer thread, listeners run inline (so meters follow changes at once). */
    static MaintenanceConfig.Builder config(MutableClock clock) {
        return MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName("test");
    }

    /** Decides a request for {@code path} and counts the response, as the filter does. */
    static Decision.Action request(MaintenanceController c, String path) {
        Decision d = c.decide("localhost", path);
        if (d.isBlocked()) {
            d.recordBlocked();
        } else if (d.tracksOutcome()) {
            d.recordOutcome(200, false);
        }
        return d.action();
    }

    /** Sends {@code n} requests for {@code path}. */
    static void requests(MaintenanceController c, String path, int n) {
        for (int i = 0; i < n; i++) {
            request(c, path);
        }
    }

    /** A request the application answers with {@code status}. */
    static Decision.Action failing(MaintenanceController c, String path, int status) {
        Decision d = c.decide("localhost", path);
        if (d.isBlocked()) {
            d.recordBlocked();
        } else {
            d.recordOutcome(status, false);
        }
        return d.action();
    }
}
