package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.cluster.InstanceView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster view as JSON ({@code GET …/api/dashboard/cluster}, and the {@code cluster} object of
 * the Actuator read): who read it and when, the cluster version, every live instance with its
 * heartbeat, applied version, store health, lagging flag and totals, then the cluster's totals
 * next to this instance's. Times are ISO-8601 UTC; totals have the keys of the state document's
 * {@code totals}. Stateless and thread-safe.
 */
final class ClusterJson {

    private ClusterJson() {
    }

    /** The document of {@code view}. */
    static Map<String, Object> view(ClusterView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("self", view.self());
        m.put("read_at", DashboardJson.time(view.readAt()));
        m.put("cluster_version", view.clusterVersion());
        List<Object> instances = new ArrayList<>(view.instances().size());
        for (InstanceView i : view.instances()) {
            instances.add(instance(i));
        }
        m.put("instances", instances);
        m.put("cluster_totals", DashboardJson.totals(view.clusterTotals()));
        m.put("local_totals", DashboardJson.totals(view.localTotals()));
        return m;
    }

    private static Map<String, Object> instance(InstanceView i) {
        InstanceReport r = i.report();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", r.instance());
        m.put("heartbeat", DashboardJson.time(r.heartbeat()));
        m.put("started", DashboardJson.time(r.started()));
        m.put("applied_version", r.appliedVersion());
        m.put("store_available", r.storeAvailable());
        m.put("lagging", i.lagging());
        m.put("self", i.self());
        m.put("totals", DashboardJson.totals(r.totals()));
        return m;
    }
}
