package io.github.maintenance.spi;

import io.github.maintenance.cluster.InstanceReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@link StateStore} shared by several instances that also keeps what each instance reports
 * about itself, for the cluster view. Optional: the controller publishes its report every heartbeat
 * when its state store implements this interface too, and has no cluster view otherwise.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #publishInstance} replaces the report kept under the report's instance name.</li>
 *   <li>{@link #instances} returns the reports whose heartbeat is at most {@code expireAfter}
 *       (as given when they were published) before {@code now}, ordered by instance name; older
 *       ones are never returned and may be deleted.</li>
 *   <li>{@link #removeInstance} deletes one instance's report (on a clean shutdown).</li>
 *   <li>Failures of the backing surface as {@link StateStoreException}.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. None of these calls is made on the request path.
 */
public interface ClusterStore {

    /**
     * Publishes an instance's report, replacing the one kept under its name.
     *
     * @param report      the report
     * @param expireAfter how long after its heartbeat the report counts as live
     * @throws StateStoreException when the backing fails
     */
    void publishInstance(InstanceReport report, Duration expireAfter);

    /**
     * Reads the reports of the live instances.
     *
     * @param now the current time, against which heartbeats are measured
     * @return the live instances' reports, ordered by instance name
     * @throws StateStoreException when the backing fails
     */
    List<InstanceReport> instances(Instant now);

    /**
     * Whether this store keeps cluster reports at all. A store that implements this interface but
     * serves a single controller (such as the default in-memory store a configuration creates when
     * none is given) answers {@code false}: the controller then runs no heartbeat and has no
     * cluster view.
     *
     * @return {@code true} by default
     */
    default boolean keepsClusterReports() {
        return true;
    }

    /**
     * Deletes an instance's report.
     *
     * @param instance the instance name
     * @throws StateStoreException when the backing fails
     */
    void removeInstance(String instance);
}
