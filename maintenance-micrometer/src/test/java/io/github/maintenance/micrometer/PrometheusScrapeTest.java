package io.github.maintenance.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What Prometheus sees: exact series lines, and a scrape that stays valid (the Prometheus registry
 * refuses one name with two sets of tag keys) as routes come and go and breakers appear.
 */
class PrometheusScrapeTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private MaintenanceController controller;
    private MaintenanceMetrics metrics;

    @BeforeEach
    void setUp() {
        controller = MaintenanceController.create(Traffic.config(clock)
                .route(Route.builder("api").path("/api").build())
                .drainPolicy(progress -> 1.0)
                .build());
        metrics = new MaintenanceMetrics(controller);
        metrics.bindTo(registry);
    }

    @AfterEach
    void tearDown() {
        metrics.close();
        controller.close();
        registry.close();
    }

    private List<String> series() {
        return Arrays.stream(registry.scrape().split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    @Test
    void routeCountersStatesAndTotalsScrapeAsExactSeries() {
        controller.enter("api");
        Traffic.requests(controller, "/api/orders", 3);
        controller.startDrain("ALL", Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(50));
        Traffic.requests(controller, "/home", 2);

        assertThat(series()).contains(
                "maintenance_hits_total{route=\"api\"} 3.0",
                "maintenance_hits_total{route=\"*\"} 0.0",
                "maintenance_drain_rejected_total{route=\"*\"} 2.0",
                "maintenance_lifetime_hits_total 3.0",
                "maintenance_lifetime_drain_rejected_total 2.0",
                "maintenance_route_state{route=\"api\",state=\"maintenance\"} 1.0",
                "maintenance_route_state{route=\"api\",state=\"draining\"} 0.0",
                "maintenance_route_state{route=\"*\",state=\"draining\"} 1.0",
                "maintenance_route_state{route=\"*\",state=\"serving\"} 0.0",
                "maintenance_drain_progress{route=\"*\"} 0.5",
                "maintenance_drain_remaining_seconds{route=\"*\"} 50.0",
                "maintenance_store_available 1.0",
                "maintenance_store_damaged 0.0",
                "maintenance_schedules_pending 0.0");
        assertThat(registry.scrape()).contains("# TYPE maintenance_hits_total counter",
                "# TYPE maintenance_route_state gauge");
    }

    @Test
    void theScrapeStaysValidAsRoutesAndBreakersComeAndGo() {
        controller.putRoute(Route.builder("shop").path("/shop").build(), Cause.api());
        controller.configureCircuitBreaker("shop", CircuitBreakerConfig.ofDefaults(), Cause.api());
        controller.enter("shop");
        Traffic.request(controller, "/shop/cart");

        List<String> lines = series();
        assertThat(lines).contains("maintenance_hits_total{route=\"shop\"} 1.0",
                "maintenance_circuit_state{route=\"shop\",state=\"closed\"} 1.0",
                "maintenance_circuit_state{route=\"shop\",state=\"half-open\"} 0.0",
                "maintenance_circuit_rejected_total{route=\"shop\"} 0.0");
        assertThat(lines).noneMatch(l -> l.startsWith("maintenance_circuit_state{route=\"api\""));

        controller.removeRoute("shop", Cause.api());

        assertThat(series()).noneMatch(l -> l.contains("route=\"shop\""))
                .contains("maintenance_lifetime_hits_total 1.0", "maintenance_hits_total{route=\"api\"} 0.0");
    }

    @Test
    void commonTagsAreOnEverySeries() {
        metrics.close();
        metrics = MaintenanceMetrics.builder(controller).tag("app", "shop").build();
        metrics.bindTo(registry);
        controller.enter("api");
        Traffic.request(controller, "/api");

        List<String> lines = series();
        assertThat(lines).isNotEmpty().allMatch(l -> !l.startsWith("maintenance_") || l.contains("app=\"shop\""));
        assertThat(lines).contains("maintenance_hits_total{app=\"shop\",route=\"api\"} 1.0",
                "maintenance_store_available{app=\"shop\"} 1.0");
    }

    @Test
    void afterCloseTheScrapeHasNoMaintenanceSeries() {
        controller.enter("api");
        Traffic.request(controller, "/api");
        assertThat(series()).anyMatch(l -> l.startsWith("maintenance_"));

        metrics.close();

        assertThat(registry.scrape()).doesNotContain("maintenance_");
    }
}
