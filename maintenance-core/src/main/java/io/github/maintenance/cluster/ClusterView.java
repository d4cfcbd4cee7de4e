package io.github.maintenance.cluster;

import io.github.maintenance.stats.Totals;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every live instance sharing this controller's state store, as read at one moment, with the sums
 * of their counters. An instance is live while its last heartbeat is recent enough (the store's
 * expiry); it is <em>lagging</em> when the version it applied is below the cluster's version
 * although it published its report well after that version was stored. Immutable.
 *
 * @param self           the name of the instance that built the view
 * @param readAt         when the view was read
 * @param clusterVersion the version of the state in the shared store
 * @param instances      the live instances, ordered by name (this one included while its store is reachable)
 * @param clusterTotals  the sums of the live instances' totals
 * @param localTotals    this instance's own totals, read when the view was built
 */
public record ClusterView(String self, Instant readAt, long clusterVersion, List<InstanceView> instances,
        Totals clusterTotals, Totals localTotals) {

    /**
     * Checks and copies the values.
     *
     * @param self           this instance's name
     * @param readAt         when it was read
     * @param clusterVersion the shared state's version
     * @param instances      the live instances
     * @param clusterTotals  their sums
     * @param localTotals    this instance's totals
     * @throws NullPointerException if an object argument is null
     */
    public ClusterView {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(readAt, "readAt");
        Objects.requireNonNull(clusterTotals, "clusterTotals");
        Objects.requireNonNull(localTotals, "localTotals");
        instances = List.copyOf(instances);
    }

    /** {@return the live instances that lag behind the cluster's version} */
    public List<InstanceView> lagging() {
        return instances.stream().filter(InstanceView::lagging).toList();
    }
}
