package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.micrometer.MaintenanceMetrics;
import io.github.maintenance.spring.boot.testing.BootApp;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

    private BootApp app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private List<String> scrape() {
        HttpResponse<String> r = app.get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        return Arrays.asList(r.body().split("\n"));
    }

    @Test
    void aMaintenanceResponseShowsOnThePrometheusEndpoint() {
        app = BootApp.start(TestWebApp.class, PROPERTIES);
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
        app = BootApp.start(OwnMetricsApp.class, PROPERTIES);
        assertThat(app.context().getBeansOfType(MaintenanceMetrics.class)).containsOnlyKeys("shopMetrics");

        assertThat(app.get("/api").statusCode()).isEqualTo(503);

        List<String> lines = scrape();
        assertThat(lines).anyMatch(l -> l.startsWith("shop_hits_total{") && l.contains("route=\"api\"")
                && l.endsWith(" 1.0"));
        assertThat(lines).noneMatch(l -> l.startsWith("maintenance_"));
    }
}
