package io.github.maintenance.redis;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The counters one instance last published. Immutable and thread-safe.
 *
 * @param instance     the instance name ({@code MaintenanceConfig.instanceName()})
 * @param publishedAt  when it published them (its own clock)
 * @param stateVersion the version of the state it was serving then
 * @param totals       its totals over every route
 * @param routes       its counters per route id
 */
public record InstanceStatistics(String instance, Instant publishedAt, long stateVersion, Counts totals,
        Map<String, Counts> routes) {

    /**
     * Checks the values and copies {@code routes}, which are then sorted by route id.
     *
     * @param instance     the instance name it published under
     * @param publishedAt  when it published
     * @param stateVersion the state version it had then
     * @param totals       its totals
     * @param routes       its counters per route id
     * @throws NullPointerException if {@code instance}, {@code publishedAt} or {@code totals} is null
     */
    public InstanceStatistics {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(totals, "totals");
        routes = java.util.Collections.unmodifiableMap(new TreeMap<>(routes));
    }
}
