package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import java.util.Objects;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code maintenance} health contributor on Spring Boot 4 (its health API lives in
 * {@code org.springframework.boot.health.contributor}): always {@code UP}, with the routes' states
 * and counters as details ({@link MaintenanceHealthDetails}), as {@link MaintenanceHealthIndicator}
 * on Boot 3.
 */
public class MaintenanceHealthContributor implements HealthIndicator {

    private final MaintenanceController controller;

    /** A contributor over {@code controller}. */
    public MaintenanceHealthContributor(MaintenanceController controller) {
        this.controller = Objects.requireNonNull(controller, "controller");
    }

    @Override
    public Health health() {
        return Health.up().withDetails(MaintenanceHealthDetails.of(controller)).build();
    }
}
