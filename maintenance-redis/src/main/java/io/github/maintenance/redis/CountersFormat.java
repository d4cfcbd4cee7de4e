package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.stats.RouteStatus;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The text form of {@link InstanceStatistics} in Redis: {@code java.util.Properties}, like the state. */
final class CountersFormat {

    private static final String[] FIELDS = {"maintenance_hits", "drain_rejected", "circuit_rejected", "requests",
        "passed", "errors"};

    private CountersFormat() {
    }

    /** The counters of {@code controller} now. */
    static InstanceStatistics snapshot(MaintenanceController controller, Instant at) {
        long version = controller.snapshot().version();
        List<RouteStatus> statuses = controller.statuses();
        Map<String, Counts> routes = new LinkedHashMap<>();
        for (RouteStatus s : statuses) {
            routes.put(s.routeId(), Counts.of(s));
        }
        return new InstanceStatistics(controller.config().instanceName(), at, version,
                Counts.of(controller.totals()), routes);
    }

    static String encode(InstanceStatistics s) {
        Properties p = new Properties();
        p.setProperty("format", "1.0");
        p.setProperty("instance", s.instance());
        p.setProperty("published_at", s.publishedAt().toString());
        p.setProperty("state_version", Long.toString(s.stateVersion()));
        put(p, "totals.", s.totals());
        int i = 0;
        for (Map.Entry<String, Counts> r : s.routes().entrySet()) {
            p.setProperty("route." + i + ".id", r.getKey());
            put(p, "route." + i + ".", r.getValue());
            i++;
        }
        p.setProperty("route.count", Integer.toString(i));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void put(Properties p, String prefix, Counts c) {
        long[] v = values(c);
        for (int i = 0; i < FIELDS.length; i++) {
            p.setProperty(prefix + FIELDS[i], Long.toString(v[i]));
        }
    }

    private static long[] values(Counts c) {
        return new long[] {c.maintenanceHits(), c.drainRejected(), c.circuitRejected(), c.requests(), c.passed(),
            c.errors()};
    }

    /**
     * Reads counters written by {@link #encode}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static InstanceStatistics decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String format = p.getProperty("format", "");
        if (!format.startsWith("1.")) {
            throw new IllegalArgumentException("unknown counters format '" + format + "'");
        }
        String instance = required(p, "instance");
        Instant at;
        try {
            at = Instant.parse(required(p, "published_at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("published_at is not an instant");
        }
        long version = number(p, "state_version");
        Counts totals = counts(p, "totals.");
        long n = number(p, "route.count");
        if (n < 0 || n > 10_000) {
            throw new IllegalArgumentException("route.count out of range");
        }
        Map<String, Counts> routes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            routes.put(required(p, "route." + i + ".id"), counts(p, "route." + i + "."));
        }
        return new InstanceStatistics(instance, at, version, totals, routes);
    }

    private static Counts counts(Properties p, String prefix) {
        long[] v = new long[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            v[i] = number(p, prefix + FIELDS[i]);
        }
        return new Counts(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static long number(Properties p, String key) {
        try {
            return Long.parseLong(required(p, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number");
        }
    }
}
