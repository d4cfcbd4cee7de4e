package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import java.util.Objects;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code maintenance} health contributor on Spring Boot 3: always {@code UP} (maintenance and
 * drains are deliberate states of a working instance, never a failure), with the routes' states
 * and counters as details ({@link MaintenanceHealthDetails}). Readiness is
 * {@link MaintenanceReadiness}'s business.
 */
public class MaintenanceHealthIndicator implements HealthIndicator {

    private final MaintenanceController controller;

    /** A contributor over {@code controller}. */
    public MaintenanceHealthIndicator(MaintenanceController controller) {
        this.controller = Objects.requireNonNull(controller, "controller");
    }

    @Override
    public Health health() {
        return Health.up().withDetails(MaintenanceHealthDetails.of(controller)).build();
    }
}
