package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

/**
 * With in-flight tracking on, a passing decision counts the requests in the application per
 * route, also while nothing is in maintenance; with it off (the default) the idle decision stays
 * the shared untracked one and counts nothing.
 */
class InFlightTrackingTest {

    private final MutableClock clock = MutableClock.atDefault();

    @Test
    void trackedRequestsAreCountedPerRouteWhileIdle() {
        Route api = Route.builder("api").path("/api").build();
        Route web = Route.builder("web").path("/").build();
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).route(api).route(web)
                .trackInFlight(true).build())) {
            assertThat(c.config().trackInFlight()).isTrue();
            Decision first = c.decide("localhost", "/api/orders");
            Decision second = c.decide("localhost", "/api");
            Decision other = c.decide("localhost", "/home");
            assertThat(first).isNotSameAs(Decision.PASS);
            first.inFlightStarted();
            second.inFlightStarted();
            other.inFlightStarted();
            assertThat(c.status("api").inFlight()).isEqualTo(2);
            assertThat(c.status("web").inFlight()).isEqualTo(1);
            assertThat(c.inFlight(Target.of("/api"))).isEqualTo(2);
            assertThat(c.inFlight(Target.all())).isEqualTo(3);

            first.inFlightEnded();
            other.inFlightEnded();
            assertThat(c.status("api").inFlight()).isEqualTo(1);
            assertThat(c.status("web").inFlight()).isZero();

            c.enter("api");
            Decision blocked = c.decide("localhost", "/api");
            assertThat(blocked.isBlocked()).isTrue();
            second.inFlightEnded();
            assertThat(c.status("api").inFlight()).as("a request started before the window ends in it").isZero();
        }
    }

    @Test
    void withoutTrackingTheIdleDecisionIsTheSharedOneAndCountsNothing() {
        Route api = Route.builder("api").path("/api").build();
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).route(api).build())) {
            assertThat(c.config().trackInFlight()).isFalse();
            Decision d = c.decide("localhost", "/api");
            assertThat(d).isSameAs(Decision.PASS);
            d.inFlightStarted();
            assertThat(c.status("api").inFlight()).isZero();
            assertThatThrownBy(() -> c.inFlight(Target.all())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trackInFlight");
        }
    }
}
