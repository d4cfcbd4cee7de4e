package io.github.maintenance.cluster;

import io.github.maintenance.stats.Totals;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every live instance sharing this controller's state store, as read at one moment, with the sums
 * of their counters. Immutable.
 *
 * <p><b>Live.</b> Each instance publishes its {@link InstanceReport} at start and then every
 * heartbeat ({@code MaintenanceConfig.clusterHeartbeat()}), to count as live for three heartbeats;
 * an instance that stops publishing (it crashed, or lost the store) drops out of the view three
 * heartbeats after its last report, and one that closes cleanly removes its report at once.
 *
 * <p><b>Cluster version.</b> The highest state version known when the view was read: the stored
 * state's, the one this instance serves, and every live instance's applied version.
 *
 * <p><b>Lagging.</b> An instance lags when both hold:
 * <ol>
 *   <li>the version it applied is below the cluster version, and</li>
 *   <li>its report was published at least one heartbeat after this instance first knew of a
 *       version newer than the one it applied (this instance notes the versions it knows at each
 *       of its heartbeats and each view it reads).</li>
 * </ol>
 * So an instance still applying a change (its report predates the change, or was published within
 * a heartbeat of it) is not flagged, and one that stays behind is flagged from its first report a
 * heartbeat later until it reports the cluster version. Heartbeats are taken on each instance's own
 * clock: the rule assumes their clocks agree to well within a heartbeat.
 *
 * @param self           the name of the instance that built the view
 * @param readAt         when the view was read
 * @param clusterVersion the highest state version known (see above)
 * @param instances      the live instances, ordered by name (this one included while its store is reachable)
 * @param clusterTotals  the sums of the live instances' totals, as they last reported them
 * @param localTotals    this instance's own totals, read when the view was built
 */
public record ClusterView(String self, Instant readAt, long clusterVersion, List<InstanceView> instances,
        Totals clusterTotals, Totals localTotals) {

    /**
     * Checks and copies the values.
     *
     * @param self           this instance's name
     * @param readAt         when it was read
     * @param clusterVersion the highest state version known
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
