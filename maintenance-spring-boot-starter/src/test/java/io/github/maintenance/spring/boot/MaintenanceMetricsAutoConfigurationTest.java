package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.micrometer.MaintenanceMetrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With the Actuator and the Prometheus registry on the class path, the controller's meters appear
 * on {@code /actuator/prometheus}; an application's own {@link MaintenanceMetrics} replaces them.
 * Version-neutral: a real server on port 0, {@code java.net.http} to 127.0.0.1.
 */
@Timeout(60)
class MaintenanceMetricsAutoConfigurationTest {

    /** The whole auto-configuration and nothing else. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MetricsApp {
    }

    /** An application that binds the controller's meters itself, under its own prefix. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OwnMetricsApp {
        @Bean
        MaintenanceMetrics shopMetrics(MaintenanceController controller) {
            return MaintenanceMetrics.builder(controller).prefix("shop").build();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ConfigurableApplicationContext context;

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * Boot 4's health auto-configuration: its jar is on this module's class path for the Boot-4
     * health contributor, and next to Boot 3's own it would define the same beans. Excluding it
     * by name is harmless on Boot 4, where these tests need no health endpoint.
     */
    private static final String BOOT4_HEALTH =
            "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration";

    private void start(Class<?> app) {
        context = new SpringApplicationBuilder(app).properties(
                "spring.autoconfigure.exclude=" + BOOT4_HEALTH,
                "server.port=0",
                "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=prometheus",
                "maintenance.routes[0].id=api",
                "maintenance.routes[0].path=/api",
                "maintenance.initial-target=api").run();
    }

    private HttpResponse<String> get(String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> scrape() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        return Arrays.asList(r.body().split("\n"));
    }

    @Test
    void aMaintenanceResponseShowsOnThePrometheusEndpoint() throws Exception {
        start(MetricsApp.class);
        assertThat(context.getBeansOfType(MaintenanceMetrics.class)).hasSize(1);

        assertThat(get("/api/orders").statusCode()).isEqualTo(503);

        List<String> lines = scrape();
        assertThat(lines).anyMatch(l -> l.startsWith("maintenance_hits_total{") && l.contains("route=\"api\"")
                && l.endsWith(" 1.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("maintenance_route_state{") && l.contains("route=\"api\"")
                && l.contains("state=\"maintenance\"") && l.endsWith(" 1.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("maintenance_store_available") && l.endsWith(" 1.0"));
    }

    @Test
    void anApplicationsOwnMetricsBeanReplacesTheDefaultOne() throws Exception {
        start(OwnMetricsApp.class);
        assertThat(context.getBeansOfType(MaintenanceMetrics.class)).containsOnlyKeys("shopMetrics");

        assertThat(get("/api").statusCode()).isEqualTo(503);

        List<String> lines = scrape();
        assertThat(lines).anyMatch(l -> l.startsWith("shop_hits_total{") && l.contains("route=\"api\"")
                && l.endsWith(" 1.0"));
        assertThat(lines).noneMatch(l -> l.startsWith("maintenance_"));
    }
}
