package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code status --cluster}: the registry's cluster view ({@code MAINT_CLUSTER}) as a table of the
 * live instances (name, heartbeat age, applied state version, store health, lagging and this
 * instance marked) followed by the cluster's totals next to this instance's, or as the registry's
 * JSON document with {@code --json}.
 *
 * <p>Exit status {@value MaintenanceCtl#EXIT_OK}, or {@value #EXIT_LAGGING} when an instance lags
 * behind the cluster's state version (a warning on stderr names them); a registry whose state
 * store keeps no cluster reports, or cannot read them, is a failure (status
 * {@value MaintenanceCtl#EXIT_FAILED}).
 */
final class ClusterStatus {

    /** Exit status of {@code status --cluster} when an instance lags. */
    static final int EXIT_LAGGING = 3;

    /** The totals in the order shown: key of the registry's document, label. */
    private static final String[][] TOTALS = {{"routes", "routes"}, {"in_maintenance", "in maintenance"},
        {"draining", "draining"}, {"circuit_open", "circuit open"}, {"maintenance_hits", "maintenance hits"},
        {"drain_rejected", "drain rejected"}, {"circuit_rejected", "circuit rejected"}, {"requests", "requests"},
        {"passed", "passed"}, {"errors", "errors"}, {"lifetime_maintenance_hits", "lifetime maintenance hits"},
        {"lifetime_drain_rejected", "lifetime drain rejected"}};

    private ClusterStatus() {
    }

    /** Asks the registry for the cluster view and prints it; returns the exit status. */
    static int run(MaintenanceCtl ctl, CtlSession s, boolean json) throws FailedException {
        String payload;
        try {
            payload = Reply.payload(s.call("MAINT_CLUSTER"));
        } catch (FailedException e) {
            throw explained(e);
        }
        Map<String, Object> doc = StatusCommand.parse(payload);
        PrintWriter out = ctl.out();
        if (json) {
            out.println(payload);
        } else {
            print(out, doc);
        }
        out.flush();
        List<String> lagging = new ArrayList<>();
        for (Map<String, Object> i : instances(doc)) {
            if (Boolean.TRUE.equals(i.get("lagging"))) {
                lagging.add(name(i));
            }
        }
        if (lagging.isEmpty()) {
            return MaintenanceCtl.EXIT_OK;
        }
        ctl.warn((lagging.size() == 1 ? "1 instance lags" : lagging.size() + " instances lag")
                + " behind the cluster's state version " + doc.get("cluster_version") + ": " + String.join(", ", lagging));
        return EXIT_LAGGING;
    }

    /** The registry's refusal, said for an operator. */
    private static FailedException explained(FailedException e) {
        String error = e.registryError();
        if (Reply.NO_CLUSTER.equals(error)) {
            return new FailedException("no cluster view: the application's state store keeps no cluster reports "
                    + "(only a shared store does; 'status' without --cluster shows this instance)");
        }
        if (error != null && error.startsWith(Reply.CLUSTER_UNAVAILABLE)) {
            return new FailedException("cannot read the cluster view: " + error);
        }
        if (error != null && error.startsWith("unknown command")) {
            return new FailedException("this registry has no cluster view (MAINT_CLUSTER): it is an older version");
        }
        return e;
    }

    private static void print(PrintWriter out, Map<String, Object> doc) {
        List<Map<String, Object>> instances = instances(doc);
        long omitted = doc.get("instances_omitted") instanceof Number n ? n.longValue() : 0;
        out.println("Cluster: " + count(instances.size() + omitted, "live instance")
                + (omitted > 0 ? " (" + instances.size() + " listed)" : "") + ", state version "
                + doc.get("cluster_version") + ", read at " + doc.get("read_at"));
        Instant readAt = instant(doc.get("read_at"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "HEARTBEAT", "APPLIED", "STORE", ""});
        for (Map<String, Object> i : instances) {
            List<String> marks = new ArrayList<>();
            if (Boolean.TRUE.equals(i.get("lagging"))) {
                marks.add("LAGGING");
            }
            if (Boolean.TRUE.equals(i.get("self"))) {
                marks.add("this instance");
            }
            rows.add(new String[] {name(i), age(readAt, i.get("heartbeat")), String.valueOf(i.get("applied_version")),
                Boolean.TRUE.equals(i.get("store_available")) ? "ok" : "down", String.join(", ", marks)});
        }
        table(out, rows, 0);
        if (omitted > 0) {
            out.println("  ... and " + count(omitted, "more instance")
                    + " not listed (a registry reply is limited to 64 KiB)");
        }
        Map<String, Object> cluster = object(doc.get("cluster_totals"));
        Map<String, Object> local = object(doc.get("local_totals"));
        List<String[]> totals = new ArrayList<>();
        totals.add(new String[] {"TOTALS", "CLUSTER", "THIS INSTANCE"});
        for (String[] t : TOTALS) {
            totals.add(new String[] {t[1], String.valueOf(cluster.get(t[0])), String.valueOf(local.get(t[0]))});
        }
        table(out, totals, 1);
    }

    /**
     * Prints rows as columns two spaces apart, indented by two, trailing blanks trimmed; columns
     * from {@code rightFrom} on are right-aligned (numbers), none when it is 0.
     */
    private static void table(PrintWriter out, List<String[]> rows, int rightFrom) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (int row = 0; row < rows.size(); row++) {
            StringBuilder sb = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(row)[c];
                String pad = " ".repeat(width[c] - cell.length());
                boolean right = rightFrom > 0 && c >= rightFrom;
                sb.append(right ? pad + cell : cell + pad);
                if (c < columns - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** How long before {@code readAt} the heartbeat was: {@code 4s ago}, {@code 2m05s ago}; as sent when unreadable. */
    static String age(Instant readAt, Object heartbeat) {
        Instant at = instant(heartbeat);
        if (readAt == null || at == null) {
            return String.valueOf(heartbeat);
        }
        long s = Duration.between(at, readAt).toSeconds();
        if (s < 0) {
            return "in " + duration(-s) + " (clock ahead)";
        }
        return duration(s) + " ago";
    }

    private static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    private static Instant instant(Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** An instance's name, control characters shown as {@code ?}. */
    private static String name(Map<String, Object> instance) {
        return String.valueOf(instance.get("instance")).replaceAll("\\p{Cntrl}", "?");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> instances(Map<String, Object> doc) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (doc.get("instances") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
