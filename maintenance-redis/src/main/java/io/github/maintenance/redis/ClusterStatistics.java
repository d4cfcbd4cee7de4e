package io.github.maintenance.redis;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of every instance that published recently, and their sums: the cluster totals a
 * dashboard shows. An instance that stops publishing drops out after three publishing intervals.
 * Immutable and thread-safe.
 *
 * @param instances each instance's last published counters, by instance name
 * @param totals    the sum of the instances' totals
 * @param routes    per route id, the sum over the instances that have the route
 */
public record ClusterStatistics(List<InstanceStatistics> instances, Counts totals, Map<String, Counts> routes) {

    /**
     * Copies {@code instances} and {@code routes}, which are then sorted by route id.
     *
     * @param instances each instance's last published counters
     * @param totals    the sum of the instances' totals
     * @param routes    per route id, the sum over the instances that have the route
     */
    public ClusterStatistics {
        instances = List.copyOf(instances);
        routes = java.util.Collections.unmodifiableMap(new TreeMap<>(routes));
    }

    /**
     * Sums the counters of {@code instances}.
     *
     * @param instances the instances' last published counters
     * @return those counters with their sums in total and per route
     */
    public static ClusterStatistics of(List<InstanceStatistics> instances) {
        Counts totals = Counts.ZERO;
        Map<String, Counts> routes = new TreeMap<>();
        for (InstanceStatistics i : instances) {
            totals = totals.plus(i.totals());
            for (Map.Entry<String, Counts> r : i.routes().entrySet()) {
                routes.merge(r.getKey(), r.getValue(), Counts::plus);
            }
        }
        return new ClusterStatistics(instances, totals, routes);
    }
}
