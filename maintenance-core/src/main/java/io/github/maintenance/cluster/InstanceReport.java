package io.github.maintenance.cluster;

import io.github.maintenance.stats.Totals;

import java.time.Instant;
import java.util.Objects;

/**
 * What one instance last published about itself to the shared store. Immutable.
 *
 * @param instance       the instance name ({@code MaintenanceConfig.instanceName()}), unique in the cluster
 * @param heartbeat      when it published this report (its own clock)
 * @param started        when its controller started
 * @param appliedVersion the version of the state it was serving when it published
 * @param storeAvailable whether its connection to the shared store was healthy when it published
 * @param totals         its totals over every route when it published
 */
public record InstanceReport(String instance, Instant heartbeat, Instant started, long appliedVersion,
        boolean storeAvailable, Totals totals) {

    /** The longest instance name a report carries. */
    public static final int MAX_INSTANCE_LENGTH = 128;

    /**
     * Checks the values.
     *
     * @param instance       the instance name: 1 to {@value #MAX_INSTANCE_LENGTH} characters, no control characters
     * @param heartbeat      when it was published
     * @param started        when the instance started
     * @param appliedVersion the applied state version, not negative
     * @param storeAvailable whether the store was healthy
     * @param totals         the instance's totals
     * @throws NullPointerException     if an object argument is null
     * @throws IllegalArgumentException if the name or the version is out of range
     */
    public InstanceReport {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(totals, "totals");
        if (instance.isEmpty() || instance.length() > MAX_INSTANCE_LENGTH
                || instance.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("instance name must be 1 to " + MAX_INSTANCE_LENGTH
                    + " characters without control characters");
        }
        if (appliedVersion < 0) {
            throw new IllegalArgumentException("appliedVersion must not be negative: " + appliedVersion);
        }
    }
}
