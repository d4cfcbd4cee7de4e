package io.github.maintenance.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The meters follow the controller: route states, counters, drains, breakers, routes added and
 * removed at run time, schedules; they never multiply with traffic, and {@code close()} leaves
 * nothing behind.
 */
class MaintenanceMetricsTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MaintenanceController controller;
    private MaintenanceMetrics metrics;

    @AfterEach
    void tearDown() {
        if (metrics != null) {
            metrics.close();
        }
        if (controller != null) {
            controller.close();
        }
        registry.close();
    }

    private MaintenanceController start(boolean detailed) {
        controller = MaintenanceController.create(Traffic.config(clock)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .drainPolicy(progress -> 1.0)
                .detailedStatistics(detailed)
                .build());
        metrics = new MaintenanceMetrics(controller);
        metrics.bindTo(registry);
        return controller;
    }

    private double gauge(String name, String route) {
        return registry.get(name).tag("route", route).gauge().value();
    }

    private double state(String route, String state) {
        return registry.get("maintenance.route.state").tags("route", route, "state", state).gauge().value();
    }

    private double counter(String name, String route) {
        return registry.get(name).tag("route", route).functionCounter().count();
    }

    private double total(String name) {
        return registry.get(name).functionCounter().count();
    }

    private Set<String> routeTags() {
        Set<String> out = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            String r = m.getId().getTag("route");
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private List<Meter> maintenanceMeters() {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("maintenance.")).toList();
    }

    @Test
    void theStateGaugesShowOneStatePerRouteThroughEnterDrainAndExit() {
        start(false);
        assertThat(routeTags()).containsExactly("*", "admin", "api");
        assertThat(state("api", "serving")).isEqualTo(1.0);
        assertThat(state("api", "maintenance")).isEqualTo(0.0);
        assertThat(state("api", "draining")).isEqualTo(0.0);

        controller.enter("api");
        assertThat(state("api", "maintenance")).isEqualTo(1.0);
        assertThat(state("api", "serving")).isEqualTo(0.0);
        assertThat(state("admin", "serving")).isEqualTo(1.0);

        controller.exit("api");
        controller.startDrain("admin", Duration.ofSeconds(100));
        assertThat(state("api", "serving")).isEqualTo(1.0);
        assertThat(state("admin", "draining")).isEqualTo(1.0);
        assertThat(state("admin", "serving")).isEqualTo(0.0);

        controller.enter("ALL");
        assertThat(state("*", "maintenance")).isEqualTo(1.0);
        assertThat(state("api", "maintenance")).isEqualTo(1.0);
        assertThat(state("admin", "maintenance")).as("maintenance takes precedence over the drain").isEqualTo(1.0);
        assertThat(state("admin", "draining")).isEqualTo(0.0);
    }

    @Test
    void hitsAndDrainRejectionsAreCountedPerRouteAndInTheLifetimeTotals() {
        start(false);
        controller.enter("api");
        Traffic.requests(controller, "/api/orders", 3);
        Traffic.requests(controller, "/admin", 2);

        assertThat(counter("maintenance.hits", "api")).isEqualTo(3.0);
        assertThat(counter("maintenance.hits", "admin")).isEqualTo(0.0);
        assertThat(total("maintenance.lifetime.hits")).isEqualTo(3.0);

        controller.startDrain("admin", Duration.ofSeconds(100));
        assertThat(Traffic.request(controller, "/admin/x")).isEqualTo(Action.DRAIN_REJECT);
        Traffic.request(controller, "/admin/y");
        assertThat(counter("maintenance.drain.rejected", "admin")).isEqualTo(2.0);
        assertThat(total("maintenance.lifetime.drain.rejected")).isEqualTo(2.0);

        // A new window or drain restarts the controller's per-window counts; the counters go on.
        controller.exit("api");
        controller.enter("api");
        Traffic.request(controller, "/api");
        controller.startDrain("admin", Duration.ofSeconds(100));
        Traffic.request(controller, "/admin");
        assertThat(controller.status("api").maintenanceHits()).isEqualTo(1);
        assertThat(counter("maintenance.hits", "api")).isEqualTo(4.0);
        assertThat(counter("maintenance.drain.rejected", "admin")).isEqualTo(3.0);
        assertThat(total("maintenance.lifetime.hits")).isEqualTo(4.0);
        assertThat(total("maintenance.lifetime.drain.rejected")).isEqualTo(3.0);
    }

    @Test
    void drainProgressAndTimeLeftFollowTheClock() {
        start(false);
        assertThat(gauge("maintenance.drain.progress", "api")).isEqualTo(0.0);

        controller.startDrain("api", Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(25));

        assertThat(gauge("maintenance.drain.progress", "api")).isEqualTo(0.25);
        assertThat(registry.get("maintenance.drain.remaining").tag("route", "api").timeGauge()
                .value(TimeUnit.SECONDS)).isEqualTo(75.0);

        controller.cancelDrain("api");
        assertThat(gauge("maintenance.drain.progress", "api")).isEqualTo(0.0);
        assertThat(state("api", "serving")).isEqualTo(1.0);
    }

    @Test
    void theStuckGaugeTurnsOnAfterTheThresholdAndOffWhenMaintenanceEnds() {
        start(false);
        assertThat(gauge("maintenance.stuck", "api")).isEqualTo(0.0);
        controller.enter("api");
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(gauge("maintenance.stuck", "api")).isEqualTo(0.0);

        clock.advance(Duration.ofSeconds(1));
        assertThat(gauge("maintenance.stuck", "api")).isEqualTo(1.0);
        assertThat(gauge("maintenance.stuck", "admin")).isEqualTo(0.0);

        controller.exit("api");
        assertThat(gauge("maintenance.stuck", "api")).isEqualTo(0.0);
    }

    @Test
    void circuitMetersExistExactlyWhileTheRouteHasABreakerAndShowItsState() {
        start(false);
        assertThat(registry.find("maintenance.circuit.state").meters()).isEmpty();

        controller.configureCircuitBreaker("api", CircuitBreakerConfig.custom().failureThreshold(2).build(),
                Cause.api());
        assertThat(registry.find("maintenance.circuit.state").tag("route", "api").gauges()).hasSize(3);
        assertThat(registry.find("maintenance.circuit.state").tag("route", "admin").gauges()).isEmpty();
        assertThat(registry.get("maintenance.circuit.state").tags("route", "api", "state", "closed").gauge().value())
                .isEqualTo(1.0);

        Traffic.failing(controller, "/api", 500);
        Traffic.failing(controller, "/api", 502);
        assertThat(Traffic.request(controller, "/api")).isEqualTo(Action.CIRCUIT_OPEN);

        assertThat(registry.get("maintenance.circuit.state").tags("route", "api", "state", "open").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("maintenance.circuit.state").tags("route", "api", "state", "closed").gauge().value())
                .isEqualTo(0.0);
        assertThat(counter("maintenance.circuit.rejected", "api")).isEqualTo(1.0);
        assertThat(total("maintenance.lifetime.circuit.rejected")).isEqualTo(1.0);

        controller.configureCircuitBreaker("api", null, Cause.api());
        assertThat(registry.find("maintenance.circuit.state").meters()).isEmpty();
        assertThat(registry.find("maintenance.circuit.rejected").meters()).isEmpty();
    }

    @Test
    void routesAddedAtRunTimeGetMetersAndRemovedRoutesLoseThem() {
        start(false);
        long perRoute = registry.getMeters().stream().filter(m -> "api".equals(m.getId().getTag("route"))).count();

        controller.putRoute(Route.builder("shop").path("/shop").build(), Cause.api());
        controller.enter("shop");
        Traffic.requests(controller, "/shop/cart", 2);

        assertThat(routeTags()).containsExactly("*", "admin", "api", "shop");
        assertThat(counter("maintenance.hits", "shop")).isEqualTo(2.0);
        assertThat(state("shop", "maintenance")).isEqualTo(1.0);

        controller.removeRoute("shop", Cause.api());

        assertThat(routeTags()).containsExactly("*", "admin", "api");
        assertThat(registry.getMeters().stream().filter(m -> "shop".equals(m.getId().getTag("route")))).isEmpty();
        assertThat(total("maintenance.lifetime.hits")).as("a removed route's hits stay in the totals").isEqualTo(2.0);
        assertThat(registry.getMeters().stream().filter(m -> "api".equals(m.getId().getTag("route"))).count())
                .isEqualTo(perRoute);
    }

    @Test
    void requestsNeverCreateMetersAndAdHocRoutesGetNone() {
        start(true);
        int before = registry.getMeters().size();

        for (int i = 0; i < 1000; i++) {
            Traffic.request(controller, "/p" + i + "/x");
        }
        controller.enter("/reports");
        controller.enter("status.localhost");
        Traffic.requests(controller, "/reports/today", 2);

        assertThat(controller.routes()).extracting(Route::id).contains("path:/reports", "domain:status.localhost");
        assertThat(registry.getMeters()).hasSize(before);
        assertThat(routeTags()).containsExactly("*", "admin", "api");
        assertThat(total("maintenance.lifetime.hits")).as("ad-hoc routes count in the totals").isEqualTo(2.0);
        assertThat(counter("maintenance.requests", "*")).isEqualTo(1000.0);
    }

    @Test
    void requestAndPassedCountersExistOnlyWithDetailedStatistics() {
        start(false);
        assertThat(registry.find("maintenance.requests").meters()).isEmpty();
        assertThat(registry.find("maintenance.passed").meters()).isEmpty();
        assertThat(registry.find("maintenance.lifetime.requests").meters()).isEmpty();
        metrics.close();
        controller.close();

        start(true);
        Traffic.requests(controller, "/api/a", 3);
        Traffic.failing(controller, "/api/b", 503);
        controller.enter("api");
        Traffic.request(controller, "/api/c");

        assertThat(counter("maintenance.requests", "api")).isEqualTo(5.0);
        assertThat(counter("maintenance.passed", "api")).isEqualTo(4.0);
        assertThat(counter("maintenance.errors", "api")).isEqualTo(1.0);
        assertThat(total("maintenance.lifetime.requests")).isEqualTo(5.0);
        assertThat(total("maintenance.lifetime.passed")).isEqualTo(4.0);
        assertThat(total("maintenance.lifetime.errors")).isEqualTo(1.0);
    }

    @Test
    void pendingSchedulesCountWindowsNotStarted() {
        start(false);
        assertThat(registry.get("maintenance.schedules.pending").gauge().value()).isEqualTo(0.0);
        Instant now = clock.instant();

        controller.schedule("api", now.plusSeconds(60), now.plusSeconds(120));
        controller.schedule("admin", now.plusSeconds(600), now.plusSeconds(700));
        assertThat(registry.get("maintenance.schedules.pending").gauge().value()).isEqualTo(2.0);

        clock.advance(Duration.ofSeconds(61));
        controller.tick();
        assertThat(registry.get("maintenance.schedules.pending").gauge().value()).isEqualTo(1.0);
        assertThat(state("api", "maintenance")).isEqualTo(1.0);
    }

    @Test
    void closeRemovesEveryMeterAndTheBinderCannotBeBoundAgain() {
        start(true);
        controller.configureCircuitBreaker("api", CircuitBreakerConfig.ofDefaults(), Cause.api());
        assertThat(maintenanceMeters()).isNotEmpty();

        metrics.close();
        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
        controller.putRoute(Route.builder("late").path("/late").build(), Cause.api());
        assertThat(registry.getMeters()).as("a closed binder no longer follows the routes").isEmpty();
        assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessage("MaintenanceMetrics is closed");
    }

    @Test
    void bindingToSeveralRegistriesKeepsEachInLineAndCloseEmptiesAll() {
        start(false);
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(second);
        metrics.bindTo(second);
        assertThat(second.getMeters()).hasSameSizeAs(registry.getMeters());

        controller.putRoute(Route.builder("shop").path("/shop").build(), Cause.api());
        controller.enter("shop");
        Traffic.request(controller, "/shop");
        assertThat(second.get("maintenance.hits").tag("route", "shop").functionCounter().count()).isEqualTo(1.0);
        assertThat(second.getMeters()).hasSameSizeAs(registry.getMeters());

        controller.removeRoute("shop", Cause.api());
        assertThat(second.find("maintenance.hits").tag("route", "shop").meters()).isEmpty();

        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(second.getMeters()).isEmpty();
        second.close();
    }

    @Test
    void aPrefixAndCommonTagsApplyToEveryMeter() {
        start(false);
        metrics.close();
        metrics = MaintenanceMetrics.builder(controller).prefix("shop.maint").tag("app", "shop")
                .tags(Tags.of("zone", "blue")).build();
        metrics.bindTo(registry);

        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getId().getName()).startsWith("shop.maint.");
            assertThat(m.getId().getTag("app")).isEqualTo("shop");
            assertThat(m.getId().getTag("zone")).isEqualTo("blue");
        });
        assertThat(registry.get("shop.maint.route.state").tags("route", "api", "state", "serving").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void invalidPrefixesAndReservedTagKeysAreRefused() {
        start(false);
        for (String bad : new String[] {"", "Maintenance", "maint.", ".maint", "maint..x", "1maint", "ma-int"}) {
            assertThatThrownBy(() -> MaintenanceMetrics.builder(controller).prefix(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("prefix '" + bad + "' is invalid");
        }
        assertThatThrownBy(() -> MaintenanceMetrics.builder(controller).tag("route", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tag key 'route' is reserved");
        assertThatThrownBy(() -> MaintenanceMetrics.builder(controller).tags(Tags.of("state", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tag key 'state' is reserved");
    }

    @Test
    void aSecondBinderWithTheSameNamesIsRefusedAndRegistersNothing() {
        start(false);
        int before = registry.getMeters().size();
        MaintenanceMetrics second = new MaintenanceMetrics(controller);

        assertThatThrownBy(() -> second.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has meters named maintenance.*");

        assertThat(registry.getMeters()).hasSize(before);
        second.close();
        assertThat(registry.getMeters()).as("closing the refused binder removes nothing of the first").hasSize(before);
        MaintenanceMetrics tagged = MaintenanceMetrics.builder(controller).prefix("other").build();
        tagged.bindTo(registry);
        assertThat(registry.getMeters()).hasSize(2 * before);
        tagged.close();
    }
}
