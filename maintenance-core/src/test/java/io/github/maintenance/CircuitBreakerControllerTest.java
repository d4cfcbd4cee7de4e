package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.page.Variant;
import io.github.maintenance.route.Route;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

class CircuitBreakerControllerTest {

    private static final CircuitBreakerConfig BREAKER = CircuitBreakerConfig.custom().failureThreshold(3)
            .failureWindow(Duration.ofSeconds(60)).openTimeout(Duration.ofSeconds(30)).successThreshold(2).build();

    private final MutableClock clock = MutableClock.atDefault();
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;

    private void start(MaintenanceConfig.Builder builder) {
        controller = MaintenanceController.create(builder
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("web").path("/web").build())
                .build());
        controller.addListener(events::add);
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private Decision api() {
        return controller.decide("h", "/api/x");
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            Decision d = api();
            assertThat(d.action()).isEqualTo(Action.PASS);
            d.recordOutcome(503, false);
        }
    }

    @Test
    void theBreakerIsOffUnlessConfigured() {
        start(TestControllers.config(clock));

        for (int i = 0; i < 100; i++) {
            Decision d = api();
            assertThat(d.action()).isEqualTo(Action.PASS);
            assertThat(d.tracksOutcome()).isFalse();
            d.recordOutcome(500, true);
        }
        assertThat(controller.snapshot().isIdle()).isTrue();
        assertThat(controller.status("api").circuitConfigured()).isFalse();
        assertThat(controller.status("api").circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(controller.status("api").healthy()).isTrue();
        assertThatThrownBy(() -> controller.resetCircuitBreaker("api", Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("circuit breaker not found: api");
    }

    @Test
    void failuresOpenTheCircuitOfTheirRouteOnly() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        fail(2);
        assertThat(api().action()).isEqualTo(Action.PASS);

        fail(1);

        Decision d = api();
        assertThat(d.action()).isEqualTo(Action.CIRCUIT_OPEN);
        assertThat(d.retryAfterSeconds()).isEqualTo(30);
        assertThat(d.page().body(Variant.JSON)).contains("\"status\":\"unavailable\"");
        assertThat(controller.decide("h", "/web").action()).isEqualTo(Action.PASS);

        RouteStatus s = controller.status("api");
        assertThat(s.healthy()).isFalse();
        assertThat(s.circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(s.failures()).isEqualTo(3);
        assertThat(s.openedAt()).isEqualTo(clock.instant());
        assertThat(s.lastFailure()).isEqualTo(clock.instant());
        assertThat(s.errors()).isEqualTo(3);
        assertThat(controller.totals().circuitOpen()).isEqualTo(1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(MaintenanceEvent.Type.CIRCUIT_OPENED);
            assertThat(e.routeIds()).containsExactly("api");
            assertThat(e.cause()).isEqualTo(Cause.of(Cause.Source.CIRCUIT_BREAKER, "api"));
        });
    }

    @Test
    void exceptionsCountAsFailuresAndSuccessesClearThem() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        api().recordOutcome(200, true);
        api().recordOutcome(500, false);
        assertThat(controller.status("api").failures()).isEqualTo(2);

        api().recordOutcome(404, false);

        assertThat(controller.status("api").failures()).isZero();
        assertThat(controller.status("api").circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void failuresFurtherApartThanTheWindowDoNotOpen() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        for (int i = 0; i < 10; i++) {
            fail(1);
            clock.advance(Duration.ofSeconds(61));
        }

        assertThat(controller.status("api").circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(api().action()).isEqualTo(Action.PASS);
    }

    @Test
    void theCircuitHalfOpensAfterTheTimeoutAndClosesAfterSuccesses() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        fail(3);
        clock.advance(Duration.ofSeconds(29));
        assertThat(api().action()).isEqualTo(Action.CIRCUIT_OPEN);

        clock.advance(Duration.ofSeconds(1));
        Decision probe = api();
        assertThat(probe.action()).isEqualTo(Action.PASS);
        assertThat(controller.status("api").circuitState()).isEqualTo(CircuitState.HALF_OPEN);

        probe.recordOutcome(200, false);
        api().recordOutcome(204, false);

        assertThat(controller.status("api").circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(controller.status("api").healthy()).isTrue();
        assertThat(events).extracting(MaintenanceEvent::type).containsExactly(MaintenanceEvent.Type.CIRCUIT_OPENED,
                MaintenanceEvent.Type.CIRCUIT_HALF_OPENED, MaintenanceEvent.Type.CIRCUIT_CLOSED);
    }

    @Test
    void aFailureWhileHalfOpenReopensForAnotherTimeout() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        api().recordOutcome(502, false);

        assertThat(controller.status("api").circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(controller.status("api").openedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        clock.advance(Duration.ofSeconds(29));
        assertThat(api().action()).isEqualTo(Action.CIRCUIT_OPEN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(api().action()).isEqualTo(Action.PASS);
    }

    @Test
    void circuitRejectionsAreCounted() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        fail(3);
        api().recordBlocked();
        api().recordBlocked();

        assertThat(controller.status("api").circuitRejected()).isEqualTo(2);
        assertThat(controller.totals().circuitRejected()).isEqualTo(2);
    }

    @Test
    void maintenanceAndDrainTakePrecedenceOverAnOpenCircuit() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        fail(3);
        assertThat(api().action()).isEqualTo(Action.CIRCUIT_OPEN);

        controller.startDrain("api", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(api().action()).isEqualTo(Action.DRAIN_REJECT);

        controller.enter("api");
        assertThat(api().action()).isEqualTo(Action.MAINTENANCE);

        controller.exit("api");
        controller.cancelDrain("api");
        assertThat(api().action()).isEqualTo(Action.CIRCUIT_OPEN);
    }

    @Test
    void aBreakerCanBeConfiguredForOneRouteAtStartOrLater() {
        start(TestControllers.config(clock).circuitBreaker("api", BREAKER));
        assertThat(controller.status("api").circuitConfigured()).isTrue();
        assertThat(controller.status("web").circuitConfigured()).isFalse();
        assertThat(controller.snapshot().isIdle()).isFalse();

        controller.configureCircuitBreaker("web", CircuitBreakerConfig.custom().failureThreshold(1).build(), Cause.api());
        controller.decide("h", "/web").recordOutcome(500, false);
        assertThat(controller.decide("h", "/web").action()).isEqualTo(Action.CIRCUIT_OPEN);

        controller.configureCircuitBreaker("web", null, Cause.api());
        assertThat(controller.decide("h", "/web").action()).isEqualTo(Action.PASS);
        assertThat(controller.status("web").circuitConfigured()).isFalse();
        assertThatThrownBy(() -> controller.configureCircuitBreaker("nope", BREAKER, Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");
    }

    @Test
    void aBreakerForAnUndeclaredRouteIsAConfigError() {
        assertThatThrownBy(() -> TestControllers.config(clock).circuitBreaker("ghost", BREAKER).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'circuitBreaker': 'ghost' (no route has this id)");
    }

    @Test
    void resetClosesAnOpenCircuit() {
        start(TestControllers.config(clock).circuitBreaker(BREAKER));
        fail(3);

        controller.resetCircuitBreaker("api", Cause.api());

        assertThat(api().action()).isEqualTo(Action.PASS);
        assertThat(controller.status("api").failures()).isZero();
        assertThat(events).extracting(MaintenanceEvent::type).endsWith(MaintenanceEvent.Type.CIRCUIT_CLOSED);
    }
}
