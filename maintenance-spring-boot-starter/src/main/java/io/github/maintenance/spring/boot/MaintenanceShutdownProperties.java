package io.github.maintenance.spring.boot;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code maintenance.shutdown.*} properties: the drain on shutdown ({@link MaintenanceShutdownDrain}).
 */
@ConfigurationProperties(MaintenanceShutdownProperties.PREFIX)
public class MaintenanceShutdownProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "maintenance.shutdown";

    /**
     * How long the application drains when it stops, before the web server's own graceful shutdown:
     * the longest wait for the requests in flight (the wait ends as soon as none is left). Unset:
     * no drain on shutdown. At most 24 hours.
     */
    private Duration drain;

    /** Properties with their defaults (no drain). */
    public MaintenanceShutdownProperties() {
    }

    public Duration getDrain() {
        return drain;
    }

    public void setDrain(Duration drain) {
        this.drain = drain;
    }
}
