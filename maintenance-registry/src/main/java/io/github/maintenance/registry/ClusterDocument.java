package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.cluster.InstanceView;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.stats.Totals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reply of the {@code MAINT_CLUSTER} extension: the controller's {@link ClusterView} as one
 * JSON object,
 * {@code {"self","read_at","cluster_version","instances":[…],"cluster_totals","local_totals"}},
 * each instance {@code {"instance","heartbeat","started","applied_version","store_available",
 * "lagging","self","totals"}}, totals with the fields of {@link Totals} in snake case, times
 * RFC 3339 UTC to the second.
 *
 * <p><b>Bounded.</b> A reply line stays below {@link Outcome#MAX_REPLY_BYTES}. When the instances
 * do not all fit, the list keeps this instance first, then the lagging ones, then the others by
 * name, as many as fit, and the object gains {@code "instances_omitted":N}; the listed ones stay
 * ordered by name, and the cluster totals still cover every live instance. An instance takes at
 * most about 1.4 KB (a 128-character name of {@code |}s, each escaped in six bytes, and
 * counters at their largest), so at least 45 instances are always listed; with short names and
 * counters an instance takes about 430 bytes, and some 150 fit.
 *
 * <p>Errors: {@code ERROR|no cluster view} when the state store keeps no cluster reports,
 * {@code ERROR|cluster store unavailable: <detail>} when it cannot be read.
 *
 * <p>Stateless; thread-safe.
 */
final class ClusterDocument {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    /** The key added when instances had to be left out of the list. */
    static final String OMITTED = "instances_omitted";

    private ClusterDocument() {
    }

    /** Reads the controller's cluster view (on the calling thread) and answers it. */
    static Outcome reply(MaintenanceController controller) {
        Optional<ClusterView> view;
        try {
            view = controller.cluster();
        } catch (StateStoreException e) {
            LOG.debug("Registry MAINT_CLUSTER: the cluster store cannot be read: {}", e.toString());
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Outcome.line(Reply.error(Reply.CLUSTER_UNAVAILABLE + ": " + Reply.printable(detail, 200)));
        }
        if (view.isEmpty()) {
            return Outcome.line(Reply.error(Reply.NO_CLUSTER));
        }
        return Outcome.json(Reply.CLUSTER_OK, document(view.get(), Outcome.MAX_REPLY_BYTES));
    }

    /**
     * The document of a view whose reply line ({@code CLUSTER_OK|<json>}) stays below
     * {@code maxLineBytes}, instances left out as the class describes when needed.
     */
    static Map<String, Object> document(ClusterView view, int maxLineBytes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("self", view.self());
        doc.put("read_at", WireTime.format(view.readAt()));
        doc.put("cluster_version", view.clusterVersion());
        doc.put("instances", List.of());
        doc.put("cluster_totals", totals(view.clusterTotals()));
        doc.put("local_totals", totals(view.localTotals()));
        List<InstanceView> all = view.instances();
        doc.put(OMITTED, all.size()); // its widest value, while measuring
        int budget = maxLineBytes - 1 - bytes(Reply.CLUSTER_OK + "|" + WireJson.write(doc));

        List<Map<String, Object>> entries = new ArrayList<>(all.size());
        int[] sizes = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            entries.add(instance(all.get(i)));
            sizes[i] = bytes(WireJson.write(entries.get(i))) + 1; // and a comma
        }
        List<Integer> byPriority = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            byPriority.add(i);
        }
        byPriority.sort(Comparator.comparingInt(i -> all.get(i).self() ? 0 : all.get(i).lagging() ? 1 : 2));
        Set<Integer> kept = new HashSet<>();
        for (int i : byPriority) {
            if (sizes[i] <= budget) {
                budget -= sizes[i];
                kept.add(i);
            }
        }
        List<Map<String, Object>> listed = new ArrayList<>(kept.size());
        for (int i = 0; i < all.size(); i++) {
            if (kept.contains(i)) {
                listed.add(entries.get(i));
            }
        }
        doc.put("instances", listed);
        if (listed.size() == all.size()) {
            doc.remove(OMITTED);
        } else {
            doc.put(OMITTED, all.size() - listed.size());
        }
        return doc;
    }

    private static Map<String, Object> instance(InstanceView v) {
        InstanceReport r = v.report();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", r.instance());
        m.put("heartbeat", WireTime.format(r.heartbeat()));
        m.put("started", WireTime.format(r.started()));
        m.put("applied_version", r.appliedVersion());
        m.put("store_available", r.storeAvailable());
        m.put("lagging", v.lagging());
        m.put("self", v.self());
        m.put("totals", totals(r.totals()));
        return m;
    }

    /** The fields of {@link Totals}, in snake case. */
    static Map<String, Object> totals(Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routes", t.routes());
        m.put("in_maintenance", t.inMaintenance());
        m.put("draining", t.draining());
        m.put("circuit_open", t.circuitOpen());
        m.put("maintenance_hits", t.maintenanceHits());
        m.put("drain_rejected", t.drainRejected());
        m.put("circuit_rejected", t.circuitRejected());
        m.put("requests", t.requests());
        m.put("passed", t.passed());
        m.put("errors", t.errors());
        m.put("lifetime_maintenance_hits", t.lifetimeMaintenanceHits());
        m.put("lifetime_drain_rejected", t.lifetimeDrainRejected());
        return m;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
