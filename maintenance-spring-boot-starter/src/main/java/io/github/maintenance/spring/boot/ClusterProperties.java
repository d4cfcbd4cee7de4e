package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/**
 * The cluster view, when the state store keeps cluster reports (memory, redis, jdbc):
 * {@code maintenance.cluster.*}.
 */
public class ClusterProperties {

    /**
     * How often this instance publishes its report (heartbeat, applied state version, store health,
     * counters) to the state store, 1s to 10m; an instance that stops publishing drops out of the
     * cluster view after three heartbeats.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration heartbeat = Duration.ofSeconds(5);

    /** The defaults. */
    public ClusterProperties() {
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }
}
