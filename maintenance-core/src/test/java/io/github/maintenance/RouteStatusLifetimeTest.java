package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.route.Route;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * A route's lifetime counters count every maintenance hit and drain rejection since the route was
 * created, across windows and drains, while the per-window counters restart; a route replaced in
 * place keeps them, a route removed and added again starts over.
 */
class RouteStatusLifetimeTest {

    private final MutableClock clock = MutableClock.atDefault();

    private static void blocked(MaintenanceController c, String path, int n) {
        for (int i = 0; i < n; i++) {
            Decision d = c.decide("localhost", path);
            assertThat(d.isBlocked()).isTrue();
            d.recordBlocked();
        }
    }

    @Test
    void lifetimeCountersRunAcrossWindowsAndDrainsWhileTheCurrentOnesRestart() {
        Route api = Route.builder("api").path("/api").build();
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).route(api)
                .drainPolicy(progress -> 1.0).build())) {
            c.enter("api");
            blocked(c, "/api", 3);
            c.exit("api");
            c.enter("api");
            blocked(c, "/api/x", 2);
            c.exit("api");
            c.startDrain("api", Duration.ofSeconds(60));
            blocked(c, "/api", 4);
            c.startDrain("api", Duration.ofSeconds(60));
            blocked(c, "/api", 1);

            RouteStatus s = c.status("api");
            assertThat(s.maintenanceHits()).isEqualTo(2);
            assertThat(s.lifetimeMaintenanceHits()).isEqualTo(5);
            assertThat(s.drainRejected()).isEqualTo(1);
            assertThat(s.lifetimeDrainRejected()).isEqualTo(5);

            c.putRoute(api.toBuilder().backend("http://127.0.0.1:8080").build(), Cause.api());
            assertThat(c.status("api").lifetimeMaintenanceHits()).as("replaced in place").isEqualTo(5);

            c.removeRoute("api", Cause.api());
            c.putRoute(api, Cause.api());
            assertThat(c.status("api").lifetimeMaintenanceHits()).as("removed and added again").isZero();
            assertThat(c.status("api").lifetimeDrainRejected()).isZero();
        }
    }
}
