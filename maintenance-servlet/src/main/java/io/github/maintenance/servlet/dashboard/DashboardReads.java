package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.servlet.dashboard.DashboardAccess.Outcome;
import io.github.maintenance.servlet.dashboard.DashboardJson.TrafficSource;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.stats.RouteStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The answers of the dashboard's read endpoints ({@code GET …/api/dashboard/<endpoint>}) once the
 * {@link DashboardServlet} has checked the method, the access and the parameter names. Thread-safe.
 */
final class DashboardReads {

    /** The read endpoints, relative to {@code …/api/dashboard/}. */
    static final Set<String> ENDPOINTS = Set.of("maintenance", "routes", "state", "schedules", "history", "audit",
            "cluster");

    private final MaintenanceController controller;
    private final DashboardSettings settings;
    private final DashboardAccess access;

    DashboardReads(MaintenanceController controller, DashboardSettings settings, DashboardAccess access) {
        this.controller = controller;
        this.settings = settings;
        this.access = access;
    }

    /** The query parameters {@code endpoint} accepts. */
    static Set<String> parameters(String endpoint) {
        return switch (endpoint) {
            case "history" -> HistoryView.PARAMETERS;
            case "audit" -> AuditView.PARAMETERS;
            default -> Set.of();
        };
    }

    /** The answer of {@code endpoint}, one of {@link #ENDPOINTS}; 400 for bad parameters. */
    DashboardReply read(String endpoint, HttpServletRequest req) {
        Object body;
        switch (endpoint) {
            case "maintenance" -> body = DashboardJson.maintenance(controller.statuses());
            case "routes" -> body = DashboardJson.routes(controller.statuses(), TrafficSource.of(controller));
            case "schedules" -> body = DashboardJson.schedules(controller.schedules());
            case "state" -> {
                Map<String, Object> m = DashboardViews.state(controller, settings.hasTokens());
                m.put("access", access.read(req) == Outcome.TOKEN ? "token" : "loopback");
                body = m;
            }
            case "cluster" -> {
                ClusterEndpoint.Answer a = ClusterEndpoint.read(controller);
                return DashboardReply.json(a.status(), a.body());
            }
            case "audit" -> {
                try {
                    return AuditView.answer(controller.audit(), AuditView.Query.parse(req.getParameterMap()));
                } catch (MaintenanceException e) {
                    return DashboardReply.error(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
                }
            }
            default -> {
                HistoryView.Query q;
                try {
                    q = HistoryView.Query.parse(req.getParameterMap());
                } catch (MaintenanceException e) {
                    return DashboardReply.error(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
                }
                body = history(q);
            }
        }
        DashboardReply reply = DashboardReply.json(HttpServletResponse.SC_OK, body);
        if (!controller.config().detailedStatistics()
                && (endpoint.equals("maintenance") || endpoint.equals("routes") || endpoint.equals("state"))) {
            // requests_24h, avg_response_time, error_rate and last_error stay 0 / absent: say why.
            reply = reply.withHeader("X-Detailed-Statistics", "off");
        }
        return reply;
    }

    private Map<String, Object> history(HistoryView.Query q) {
        MaintenanceSnapshot snapshot = controller.snapshot();
        List<HistoryView.Open> open = new ArrayList<>();
        for (RouteStatus s : controller.statuses()) {
            if (s.inMaintenance() && s.maintenanceSince() != null) {
                RouteState state = snapshot.state(s.routeId());
                open.add(new HistoryView.Open(s.routeId(), s.maintenanceSince(), s.maintenanceHits(),
                        state == null || state.maintenance() == null ? null : state.maintenance().cause(),
                        s.maintenancePageUrl()));
            }
        }
        Instant now = controller.config().clock().instant();
        return HistoryView.build(controller.history(), open, q, now);
    }
}
