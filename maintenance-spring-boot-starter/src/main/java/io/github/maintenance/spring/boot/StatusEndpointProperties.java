package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** The JSON status endpoint for front ends: {@code maintenance.status-endpoint.*}. */
public class StatusEndpointProperties {

    /**
     * The endpoint's path, such as /maintenance-status: answers GET with whether the host's root
     * (or ?path=/x) is in maintenance, read-only, draining or has a window announced. Off when not set.
     */
    private String path;

    /** How long its answers may be cached (Cache-Control: public, max-age), 0 to 1h in whole seconds. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration maxAge = Duration.ofSeconds(5);

    /** The defaults. */
    public StatusEndpointProperties() {
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }
}
