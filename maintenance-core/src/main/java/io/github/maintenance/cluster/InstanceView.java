package io.github.maintenance.cluster;

import java.util.Objects;

/**
 * One live instance as the cluster view shows it. Immutable.
 *
 * @param report  what the instance last published
 * @param self    whether it is the instance that built the view
 * @param lagging whether it lags behind the cluster's state version (see {@link ClusterView})
 */
public record InstanceView(InstanceReport report, boolean self, boolean lagging) {

    /**
     * Checks the report.
     *
     * @param report  the instance's report
     * @param self    whether it is this instance
     * @param lagging whether it lags
     * @throws NullPointerException if {@code report} is null
     */
    public InstanceView {
        Objects.requireNonNull(report, "report");
    }
}
