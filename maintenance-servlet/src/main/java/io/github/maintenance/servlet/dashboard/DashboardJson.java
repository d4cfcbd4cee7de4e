package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.RouteTraffic;
import io.github.maintenance.stats.Totals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the dashboard's JSON documents as ordered maps (written by jackson-jr). The two seed
 * shapes ({@code /maintenance}, {@code /routes}) keep the original's field names, order and
 * omit-when-zero rules exactly; {@code /state} is this library's fuller view for the page.
 * Stateless and thread-safe.
 */
final class DashboardJson {

    /** The five status values of the seed's route status, by precedence. */
    static final String HEALTHY = "healthy";
    static final String DISABLED = "disabled";
    static final String MAINTENANCE = "maintenance";
    static final String DRAINING = "draining";
    static final String DOWN = "down";

    private DashboardJson() {
    }

    /** {@code GET …/api/dashboard/maintenance}. */
    static Map<String, Object> maintenance(List<RouteStatus> statuses) {
        long inMaintenance = 0;
        long draining = 0;
        long hits = 0;
        long rejected = 0;
        List<Object> routes = new ArrayList<>(statuses.size());
        for (RouteStatus s : statuses) {
            if (s.inMaintenance()) {
                inMaintenance++;
            }
            if (s.draining()) {
                draining++;
            }
            hits += s.maintenanceHits();
            rejected += s.drainRejected();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("domain", joinedDomains(s.route()));
            r.put("path", s.route().path());
            if (s.maintenanceHits() != 0) {
                r.put("maintenance_hits", s.maintenanceHits());
            }
            if (notEmpty(s.maintenancePageUrl())) {
                r.put("maintenance_page_url", s.maintenancePageUrl());
            }
            if (s.drainRejected() != 0) {
                r.put("drain_rejected", s.drainRejected());
            }
            if (s.drainProgress() != 0.0) {
                r.put("drain_progress", s.drainProgress());
            }
            routes.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_in_maintenance", inMaintenance);
        m.put("total_draining", draining);
        m.put("total_maintenance_hits", hits);
        m.put("total_drain_rejected", rejected);
        m.put("routes", routes);
        return m;
    }

    /** {@code GET …/api/dashboard/routes}: one element per (route, domain). */
    static List<Object> routes(List<RouteStatus> statuses, TrafficSource traffic) {
        List<Object> out = new ArrayList<>();
        for (RouteStatus s : statuses) {
            Route route = s.route();
            Traffic t = traffic.of(s);
            List<String> domains = route.domains().isEmpty() ? List.of("*") : route.domains();
            for (String domain : domains) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("domain", domain);
                r.put("path", route.path());
                r.put("backend", route.backend() == null ? "" : route.backend());
                r.put("status", status(s));
                r.put("requests_24h", t.requests());
                r.put("avg_response_time", t.avgLatencyMillis());
                r.put("error_rate", t.errorRate());
                if (notEmpty(t.lastError())) {
                    r.put("last_error", t.lastError());
                }
                r.put("in_maintenance", s.inMaintenance());
                if (notEmpty(s.maintenancePageUrl())) {
                    r.put("maintenance_page_url", s.maintenancePageUrl());
                }
                r.put("maintenance_hits", s.maintenanceHits());
                r.put("draining", s.draining());
                r.put("drain_progress", Math.min(1.0, s.drainProgress()));
                r.put("drain_remaining", s.drainRemaining().toMillis());
                r.put("drain_rejected", s.drainRejected());
                if (s.circuitConfigured()) {
                    r.put("circuit_state", s.circuitState().wireName());
                }
                if (s.failures() != 0) {
                    r.put("circuit_failures", s.failures());
                }
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The seed's status, by precedence disabled > maintenance > draining > down > healthy. This
     * library never disables a route, so {@code disabled} does not occur; an open breaker is
     * {@code down}.
     */
    static String status(RouteStatus s) {
        if (s.inMaintenance()) {
            return MAINTENANCE;
        }
        if (s.draining()) {
            return DRAINING;
        }
        return s.healthy() ? HEALTHY : DOWN;
    }

    /** {@code GET …/api/dashboard/state}: everything the page shows, with route ids. */
    static Map<String, Object> state(MaintenanceController controller, MaintenanceSnapshot snapshot,
            List<RouteStatus> statuses, Totals totals, TrafficSource traffic, boolean actionsEnabled, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", time(now));
        m.put("version", snapshot.version());
        m.put("instance", controller.config().instanceName());
        m.put("detailed_statistics", controller.config().detailedStatistics());
        m.put("stuck_after_seconds", controller.config().stuckAfter().getSeconds());
        m.put("actions_enabled", actionsEnabled);
        m.put("store", store(controller.storeStatus()));
        m.put("totals", totals(totals));
        List<Object> routes = new ArrayList<>(statuses.size());
        for (RouteStatus s : statuses) {
            routes.add(route(s, snapshot.state(s.routeId()), traffic.of(s)));
        }
        m.put("routes", routes);
        m.put("schedules", schedules(controller.schedules()));
        return m;
    }

    /** The {@code totals} object of the state document, also used by the cluster view. */
    static Map<String, Object> totals(Totals totals) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("routes", totals.routes());
        t.put("in_maintenance", totals.inMaintenance());
        t.put("draining", totals.draining());
        t.put("circuit_open", totals.circuitOpen());
        t.put("maintenance_hits", totals.maintenanceHits());
        t.put("drain_rejected", totals.drainRejected());
        t.put("circuit_rejected", totals.circuitRejected());
        t.put("requests", totals.requests());
        t.put("errors", totals.errors());
        t.put("lifetime_maintenance_hits", totals.lifetimeMaintenanceHits());
        t.put("lifetime_drain_rejected", totals.lifetimeDrainRejected());
        return t;
    }

    /**
     * The state store's health: {@code name} (what and where, e.g. {@code redis redis://10.0.0.5:6379
     * prefix shop:}), {@code available}, {@code detail} ({@code ok} or what went wrong) and
     * {@code since} (when {@code available} last changed, or {@code null}), {@code damaged} (whether
     * the stored state was refused as damaged) and {@code damage} (why, or {@code null}).
     */
    static Map<String, Object> store(StoreStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", status.store());
        m.put("available", status.available());
        m.put("detail", status.detail());
        m.put("since", time(status.since()));
        m.put("damaged", status.damaged());
        m.put("damage", status.damage());
        return m;
    }

    /** {@code GET …/api/dashboard/schedules}: the windows not over yet, by start; {@code []} when none. */
    static List<Object> schedules(List<ScheduledWindow> windows) {
        List<Object> out = new ArrayList<>(windows.size());
        for (ScheduledWindow w : windows) {
            out.add(schedule(w));
        }
        return out;
    }

    /** One scheduled window; {@code page_url} and {@code message} are {@code null} when not set. */
    static Map<String, Object> schedule(ScheduledWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("target", w.target());
        m.put("start", time(w.start()));
        m.put("end", time(w.end()));
        m.put("started", w.started());
        m.put("page_url", w.pageUrl());
        m.put("message", w.message());
        m.put("created_at", time(w.createdAt()));
        m.put("cause", cause(w.cause()));
        return m;
    }

    private static Map<String, Object> route(RouteStatus s, RouteState state, Traffic traffic) {
        Route route = s.route();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", route.id());
        r.put("domains", route.domains());
        r.put("path", route.path());
        r.put("priority", route.priority());
        r.put("catch_all", route.isCatchAll());
        r.put("backend", route.backend());
        r.put("status", status(s));
        MaintenanceState ms = state == null ? null : state.maintenance();
        if (s.inMaintenance()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("page_url", s.maintenancePageUrl());
            m.put("message", s.maintenanceMessage());
            m.put("since", time(s.maintenanceSince()));
            m.put("until", time(s.maintenanceUntil()));
            m.put("retry_after_seconds", ms == null ? null : ms.retryAfter().getSeconds());
            m.put("cause", ms == null ? null : cause(ms.cause()));
            m.put("hits", s.maintenanceHits());
            windowOptions(m, s);
            longMaintenance(m, s);
            r.put("maintenance", m);
        } else {
            r.put("maintenance", null);
        }
        DrainState ds = state == null ? null : state.drain();
        if (s.draining()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("start", time(s.drainStart()));
            d.put("duration_ms", s.drainDuration() == null ? null : s.drainDuration().toMillis());
            d.put("progress", Math.min(1.0, s.drainProgress()));
            d.put("remaining_ms", s.drainRemaining().toMillis());
            d.put("rejected", s.drainRejected());
            d.put("policy", ds == null ? null : ds.policy().toString());
            d.put("after", ds == null ? null
                    : ds.afterDrain() == AfterDrain.ENTER_MAINTENANCE ? "maintenance" : "keep-rejecting");
            d.put("cause", ds == null ? null : cause(ds.cause()));
            r.put("drain", d);
        } else {
            r.put("drain", null);
        }
        if (s.circuitConfigured()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("state", s.circuitState().wireName());
            c.put("failures", s.failures());
            c.put("successes", s.successes());
            c.put("opened_at", time(s.openedAt()));
            c.put("last_failure", time(s.lastFailure()));
            c.put("rejected", s.circuitRejected());
            r.put("circuit", c);
        } else {
            r.put("circuit", null);
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("requests", traffic.requests());
        t.put("errors", traffic.errors());
        t.put("exceptions", traffic.exceptions());
        t.put("error_rate", traffic.errorRate());
        t.put("avg_response_time", traffic.avgLatencyMillis());
        t.put("p95_response_time", traffic.p95LatencyMillis());
        t.put("p99_response_time", traffic.p99LatencyMillis());
        t.put("status_codes", traffic.statusCodes());
        t.put("last_error", traffic.lastError());
        t.put("last_error_at", time(traffic.lastErrorAt()));
        r.put("traffic", t);
        return r;
    }

    /** The data of a {@code change} event on the event stream. */
    static Map<String, Object> event(MaintenanceEvent e, long version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type().name().toLowerCase(Locale.ROOT));
        m.put("at", time(e.at()));
        m.put("route_ids", e.routeIds());
        m.put("cause", cause(e.cause()));
        m.put("detail", e.detail());
        m.put("version", version);
        return m;
    }

    static Map<String, Object> cause(Cause c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source().name().toLowerCase(Locale.ROOT));
        m.put("actor", c.actor());
        return m;
    }

    /** An ISO-8601 UTC time with millisecond precision, or {@code null}. */
    static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** {@code {"error": message}}. */
    static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    private static String joinedDomains(Route route) {
        return route.domains().isEmpty() ? "*" : String.join(",", route.domains());
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /**
     * Traffic of one route as the seed's {@code /routes} and the page show it.
     *
     * @param requests         requests passed to the application and measured (the seed's
     *                         {@code requests_24h}: since the route was created, not a 24-hour window)
     * @param errors           of those, failures (5xx or exception)
     * @param exceptions       of those failures, exceptions thrown by the application
     * @param avgLatencyMillis mean time in the application, ms
     * @param p95LatencyMillis 95th percentile, ms
     * @param p99LatencyMillis 99th percentile, ms
     * @param statusCodes      status (as text, for JSON) to count, ascending
     * @param lastError        the last failure, or {@code null}
     * @param lastErrorAt      when it happened, or {@code null}
     */
    record Traffic(long requests, long errors, long exceptions, double avgLatencyMillis, double p95LatencyMillis,
            double p99LatencyMillis, Map<String, Long> statusCodes, String lastError, Instant lastErrorAt) {

        static final Traffic NONE = new Traffic(0, 0, 0, 0.0, 0.0, 0.0, Map.of(), null, null);

        double errorRate() {
            return requests == 0 ? 0.0 : (double) errors / requests;
        }
    }

    /** Where the traffic of a route comes from. */
    @FunctionalInterface
    interface TrafficSource {
        Traffic of(RouteStatus status);

        /**
         * The controller's measured traffic ({@link MaintenanceController#traffic()}), read once;
         * routes it does not know (added since) show none.
         */
        static TrafficSource of(MaintenanceController controller) {
            Map<String, RouteTraffic> byId = new java.util.HashMap<>();
            for (RouteTraffic t : controller.traffic()) {
                byId.put(t.routeId(), t);
            }
            return s -> {
                RouteTraffic t = byId.get(s.routeId());
                if (t == null) {
                    return Traffic.NONE;
                }
                Map<String, Long> codes = new LinkedHashMap<>();
                t.statusCodes().forEach((code, n) -> codes.put(Integer.toString(code), n));
                return new Traffic(t.requests(), t.errors(), t.exceptions(), finite(t.avgLatencyMillis()),
                        finite(t.p95LatencyMillis()), finite(t.p99LatencyMillis()), codes, t.lastError(), t.lastErrorAt());
            };
        }

        private static double finite(double v) {
            return Double.isFinite(v) ? v : 0.0;
        }
    }

    /**
     * How long the route has been in maintenance: {@code began} (without a break; earlier than
     * {@code since} when {@code enter} replaced the maintenance in force) and {@code stuck} (longer
     * than the controller's {@code stuckAfter}, {@code stuck_after_seconds} at the top).
     */
    private static void longMaintenance(Map<String, Object> m, RouteStatus s) {
        m.put("began", time(s.maintenanceBegan()));
        m.put("stuck", s.stuck());
    }

    /**
     * The window's mode and options (the bypass secret only as {@code "secret_set":true}) and the
     * read-only/hold counters of a route in maintenance.
     */
    private static void windowOptions(Map<String, Object> m, RouteStatus s) {
        WindowOptions o = s.maintenanceOptions() == null ? WindowOptions.DEFAULTS : s.maintenanceOptions();
        m.put("mode", o.mode().wireName());
        Map<String, Object> opts = new LinkedHashMap<>();
        if (o.status() != 0) {
            opts.put("status", o.status());
        }
        if (o.redirect() != null) {
            opts.put("redirect", o.redirect());
        }
        if (o.refresh() != null) {
            opts.put("refresh_seconds", o.refresh().getSeconds());
        }
        if (o.template() != null) {
            opts.put("template", o.template());
        }
        if (o.bypassSecretHash() != null) {
            opts.put("secret_set", true);
        }
        if (o.hold() != null) {
            opts.put("hold_seconds", o.hold().getSeconds());
        }
        m.put("options", opts);
        m.put("read_only_rejected", s.readOnlyRejected());
        m.put("held", s.held());
        m.put("hold_released", s.holdReleased());
        m.put("hold_timed_out", s.holdTimedOut());
    }
}
