package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** Held requests (an entry with mode hold parks requests until it ends): {@code maintenance.hold.*}. */
public class HoldProperties {

    /** The most requests parked at once, 1 to 100000; beyond it requests get the maintenance response at once. */
    private int maxRequests = 1000;

    /**
     * How long a request is parked when the maintenance entry gives no hold time, 1s to 5m; then it
     * gets the maintenance response.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration timeout = Duration.ofSeconds(30);

    /** The defaults. */
    public HoldProperties() {
    }

    public int getMaxRequests() {
        return maxRequests;
    }

    public void setMaxRequests(int maxRequests) {
        this.maxRequests = maxRequests;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
