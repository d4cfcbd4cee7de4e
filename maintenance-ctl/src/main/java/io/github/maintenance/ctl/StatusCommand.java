package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status}: the routes in maintenance and the drain, as text or as one JSON document;
 * {@code status --cluster}: the cluster view ({@link ClusterStatus}).
 */
@Command(name = "status", description = "Show the routes in maintenance and the drain.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Option(names = "--json", description = "print one JSON document: {\"maintenance\":{…},\"drain\":{…}}, the "
            + "registry's MAINT_STATUS and DRAIN_STATUS replies")
    boolean json;

    @Option(names = "--cluster", description = "show every live instance sharing the application's state store "
            + "(heartbeat, applied version, store, LAGGING) and the cluster's totals next to this instance's; "
            + "with --json, the registry's MAINT_CLUSTER document. Exit status 3 when an instance lags")
    boolean cluster;

    @Override
    public Integer call() throws FailedException {
        try (CtlSession s = ctl.open()) {
            if (cluster) {
                return ClusterStatus.run(ctl, s, json);
            }
            String maint = Reply.payload(s.call("MAINT_STATUS"));
            String drain;
            try {
                drain = Reply.payload(s.call("DRAIN_STATUS"));
            } catch (FailedException e) {
                if (!Reply.NO_DRAIN.equals(e.registryError())) {
                    throw e;
                }
                drain = null;
            }
            PrintWriter out = ctl.out();
            if (json) {
                // Both payloads are JSON values already: nest them as they came.
                out.println("{\"maintenance\":" + maint + ",\"drain\":" + (drain == null ? "{\"active\":false}" : drain)
                        + "}");
                return MaintenanceCtl.EXIT_OK;
            }
            printMaintenance(out, parse(maint));
            printDrain(out, drain == null ? null : parse(drain));
            return MaintenanceCtl.EXIT_OK;
        }
    }

    @SuppressWarnings("unchecked")
    private static void printMaintenance(PrintWriter out, Map<String, Object> m) {
        List<Map<String, Object>> routes = (List<Map<String, Object>>) m.getOrDefault("routes", List.of());
        List<Object> ids = (List<Object>) m.getOrDefault("in_maintenance", List.of());
        if (ids.isEmpty()) {
            out.println("Maintenance: none (every route is serving)");
            return;
        }
        out.println("Maintenance: " + ids.size() + " route(s)");
        for (Map<String, Object> r : routes) {
            StringBuilder sb = new StringBuilder("  ").append(r.get("route_id"));
            Object path = r.get("path");
            if (path != null) {
                Object domains = r.get("domains");
                sb.append("  ").append(domains instanceof List<?> l && !l.isEmpty()
                        ? String.join(",", (List<String>) l) : "*").append(path);
            }
            sb.append("  since ").append(r.get("since"));
            appendIfSet(sb, "until", r.get("until"));
            appendIfSet(sb, "page", r.get("page_url"));
            appendIfSet(sb, "message", r.get("message"));
            Object hits = r.get("hits");
            if (hits != null) {
                sb.append("  hits ").append(hits);
            }
            appendModeAndOptions(sb, r);
            out.println(sb);
        }
    }

    /**
     * The window's mode (when not full), its options ({@code secret=set}, never a secret) and the
     * read-only, hold and in-flight counters, as far as the registry reports them.
     */
    @SuppressWarnings("unchecked")
    static void appendModeAndOptions(StringBuilder sb, Map<String, Object> r) {
        Object mode = r.get("mode");
        if (mode instanceof String m && !m.isEmpty() && !m.equals("full")) {
            sb.append("  mode ").append(m);
        }
        if (r.get("options") instanceof Map<?, ?> o && !o.isEmpty()) {
            StringBuilder opts = new StringBuilder();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                opts.append(opts.length() == 0 ? "" : " ");
                opts.append(e.getKey().equals("secret_set") ? "secret=set" : e.getKey() + "=" + e.getValue());
            }
            sb.append("  options ").append(opts);
        }
        Object rejected = r.get("read_only_rejected");
        if (rejected instanceof Number n && ("read-only".equals(mode) || n.longValue() != 0)) {
            sb.append("  read-only rejected ").append(n);
        }
        Object held = r.get("held");
        if (held instanceof Number n && ("hold".equals(mode) || n.longValue() != 0
                || r.get("hold_released") instanceof Number rel && rel.longValue() != 0
                || r.get("hold_timed_out") instanceof Number to && to.longValue() != 0)) {
            sb.append("  held ").append(n).append(" (released ").append(r.get("hold_released"))
                    .append(", timed out ").append(r.get("hold_timed_out")).append(')');
        }
        Object inFlight = r.get("in_flight");
        if (inFlight instanceof Number n) {
            sb.append("  in flight ").append(n);
        }
    }

    private static void printDrain(PrintWriter out, Map<String, Object> d) {
        if (d == null) {
            out.println("Drain: none");
            return;
        }
        out.println("Drain: started " + d.get("started_at") + ", " + d.get("elapsed_seconds") + "s of "
                + d.get("duration_seconds") + "s elapsed, " + d.get("remaining_seconds") + "s left, "
                + d.get("traffic_percent") + "% of traffic admitted"
                + (d.containsKey("rejected") ? ", " + d.get("rejected") + " rejected" : ""));
    }

    /** {@code  label value} when {@code value} is a non-empty string. */
    static void appendIfSet(StringBuilder sb, String label, Object value) {
        if (value instanceof String s && !s.isEmpty()) {
            sb.append("  ").append(label).append(' ').append(s);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws FailedException {
        try {
            Object v = WireJson.parse(json);
            if (v instanceof Map) {
                return (Map<String, Object>) v;
            }
        } catch (WireJson.InvalidJsonException e) {
            // below
        }
        throw new FailedException("unreadable reply from the registry: " + Reply.printable(json, 200));
    }
}
