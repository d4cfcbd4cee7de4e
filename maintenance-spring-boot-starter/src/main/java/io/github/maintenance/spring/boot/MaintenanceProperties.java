package io.github.maintenance.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code maintenance.*} properties of the Spring Boot starter.
 */
@ConfigurationProperties(MaintenanceProperties.PREFIX)
public class MaintenanceProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "maintenance";

    /** Whether the maintenance mode is configured at all (the filter, the controller and the rest). */
    private boolean enabled = true;

    /** Properties with their defaults. */
    public MaintenanceProperties() {
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
