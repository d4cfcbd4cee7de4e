package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.micrometer.MaintenanceMetrics;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * With the Actuator and the Prometheus registry on the class path, the controller's meters appear
 * on {@code /actuator/prometheus}; an application's own {@link MaintenanceMetrics} replaces them.
 */
@Timeout(60)
class MaintenanceMetricsAutoConfigurationTest {

    /** An application that binds the controller's meters itself, under its own prefix. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnMetricsApp {
        @Bean
        MaintenanceMetrics shopMetrics(MaintenanceController controller) {
            return MaintenanceMetrics.builder(controller).prefix("shop").build();
        }
    }

    private static final String[] PROPERTIES = {
        "management.endpoints.web.exposure.include=prometheus",
        "maintenance.routes[0].id=api",
        "maintenance.routes[0].path=/api",
        "maintenance.initial-target=api"};

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class, PROPERTIES);
    private BootApp app;

    private List<String> scrape() {
        HttpResponse<String> r = app.get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        return Arrays.asList(r.body().split("\n"));
    }

    @Test
    void aMaintenanceResponseShowsOnThePrometheusEndpoint() {
        app = apps.start();
        assertThat(app.context().getBeansOfType(MaintenanceMetrics.class)).hasSize(1);

        assertThat(app.get("/api/hello").statusCode()).isEqualTo(503);

        List<String> lines = scrape();
        assertThat(lines).anyMatch(l -> l.startsWith("maintenance_hits_total{") && l.contains("route=\"api\"")
                && l.endsWith(" 1.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("maintenance_route_state{") && l.contains("route=\"api\"")
                && l.contains("state=\"maintenance\"") && l.endsWith(" 1.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("maintenance_store_available") && l.endsWith(" 1.0"));
    }

    @Test
    void anApplicationsOwnMetricsBeanReplacesTheDefaultOne() {
        app = apps.start(OwnMetricsApp.class);
        assertThat(app.context().getBeansOfType(MaintenanceMetrics.class)).containsOnlyKeys("shopMetrics");

        assertThat(app.get("/api").statusCode()).isEqualTo(503);

        List<String> lines = scrape();
        assertThat(lines).anyMatch(l -> l.startsWith("shop_hits_total{") && l.contains("route=\"api\"")
                && l.endsWith(" 1.0"));
        assertThat(lines).noneMatch(l -> l.startsWith("maintenance_"));
    }
}
