package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.Target;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.servlet.access.CorsPolicy;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The status endpoint for front ends ({@code statusPath}): a small JSON document saying whether
 * the request's host and path (or the path given as {@code ?path=/x}) is in maintenance, in which
 * mode and until when, whether it drains, and the next maintenance window announced for it, so
 * that a web application can show a banner ahead of time:
 *
 * <pre>{@code
 * {"maintenance":true,"mode":"read-only","draining":false,"until":"2026-12-05T18:00:00Z",
 *  "message":"Back at six","announced":{"start":"…","end":"…","message":"…"}}
 * }</pre>
 *
 * {@code mode} is {@code full}, {@code read-only} or {@code hold} in maintenance, {@code null}
 * otherwise; {@code message} is the maintenance entry's own message ({@code null} when it gives
 * none and the page shows the configured one). Answered by the filter itself, before any
 * maintenance decision (so never blocked), to {@code GET} and {@code HEAD} with
 * {@code Cache-Control: public, max-age=<statusMaxAge>} and the CORS headers of the policy;
 * {@code OPTIONS} gets the preflight answer or {@code 204} with {@code Allow}, other methods
 * {@code 405}. Shows nothing the maintenance page does not (no secret, no page URL, no cause).
 * Reads the snapshot and the schedules only: it counts nothing and never moves a circuit breaker.
 */
final class StatusEndpoint {

    /** The longest {@code path} query parameter accepted. */
    static final int MAX_PATH_LENGTH = 1024;

    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final JSON JSON_WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private final String path;
    private final String cacheControl;
    private final CorsPolicy cors;

    /**
     * @param path the endpoint's normalised path within the application
     * @param maxAgeSeconds how long clients and shared caches may keep an answer; 0 for not at all
     * @param cors the CORS policy of the filter
     */
    StatusEndpoint(String path, long maxAgeSeconds, CorsPolicy cors) {
        this.path = path;
        this.cacheControl = maxAgeSeconds > 0 ? "public, max-age=" + maxAgeSeconds : "no-store";
        this.cors = cors;
    }

    /** {@return whether {@code requestPath} (canonical, within the application) is the endpoint's} */
    boolean handles(String requestPath) {
        return path.equals(requestPath);
    }

    /** Answers a request to the endpoint. */
    void respond(HttpServletRequest request, HttpServletResponse response, MaintenanceController controller,
            MaintenanceSnapshot snapshot) throws IOException {
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            if (CorsPolicy.isPreflight(request)) {
                cors.answerPreflight(request, response);
            } else {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                response.setHeader("Allow", ALLOW);
                response.setContentLength(0);
            }
            return;
        }
        cors.addHeaders(request, response, false);
        String vary = cors.vary(null);
        if (vary != null) {
            response.setHeader("Vary", vary);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", ALLOW);
            write(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "no-store",
                    Map.of("error", "method not allowed"));
            return;
        }
        String target;
        try {
            target = targetPath(request);
        } catch (IllegalArgumentException e) {
            write(request, response, HttpServletResponse.SC_BAD_REQUEST, "no-store", Map.of("error", e.getMessage()));
            return;
        }
        Instant now = controller.config().clock().instant();
        write(request, response, HttpServletResponse.SC_OK, cacheControl,
                document(snapshot, controller, request.getServerName(), target, now));
    }

    /** The path asked about: the {@code path} parameter when given, else the status path's own request. */
    private static String targetPath(HttpServletRequest request) {
        String[] given = request.getParameterValues("path");
        if (given == null) {
            return "/";
        }
        if (given.length != 1) {
            throw new IllegalArgumentException("give 'path' once");
        }
        String p = given[0];
        if (p.isEmpty() || p.charAt(0) != '/' || p.startsWith("//") || p.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("'path' must be an absolute path of at most " + MAX_PATH_LENGTH
                    + " characters, such as /shop");
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '?' || c == '#') {
                throw new IllegalArgumentException("'path' must be a path without query, fragment or control characters");
            }
        }
        return RequestPath.canonical(p);
    }

    /** The document for {@code host} and {@code path} at {@code now}. */
    static Map<String, Object> document(MaintenanceSnapshot snapshot, MaintenanceController controller, String host,
            String path, Instant now) {
        RouteTable table = snapshot.routes();
        Route winner = table.route(table.match(host, path));
        int d = table.domainRoute(host);
        Route domain = d > 0 && !table.route(d).id().equals(winner.id()) ? table.route(d) : null;
        RouteState own = stateOf(snapshot, winner);
        RouteState host0 = domain == null ? RouteState.SERVING : stateOf(snapshot, domain);
        MaintenanceState m = active(own.maintenance(), now);
        if (m == null) {
            m = active(host0.maintenance(), now);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maintenance", m != null);
        out.put("mode", m == null ? null : m.mode().wireName());
        out.put("draining", m == null && (own.draining() || host0.draining()));
        out.put("until", m == null || m.until() == null ? null : m.until().toString());
        out.put("message", m == null ? null : m.message());
        ScheduledWindow next = nextAnnounced(controller, table, winner, domain, now);
        if (next == null) {
            out.put("announced", null);
        } else {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("start", next.start().toString());
            a.put("end", next.end().toString());
            a.put("message", next.message());
            out.put("announced", a);
        }
        return out;
    }

    private static RouteState stateOf(MaintenanceSnapshot snapshot, Route route) {
        RouteState s = snapshot.state(route.id());
        return s == null ? RouteState.SERVING : s;
    }

    /** The maintenance unless its end has passed (the timer makes that official shortly). */
    private static MaintenanceState active(MaintenanceState m, Instant now) {
        return m == null || m.isExpired(now) ? null : m;
    }

    /** The announced window starting first that covers the route or the host's domain route. */
    private static ScheduledWindow nextAnnounced(MaintenanceController controller, RouteTable table, Route winner,
            Route domain, Instant now) {
        ScheduledWindow best = null;
        for (ScheduledWindow w : controller.schedules()) {
            if (!w.isAnnounced(now) || (best != null && !w.start().isBefore(best.start()))) {
                continue;
            }
            if (covers(w, table, winner) || (domain != null && covers(w, table, domain))) {
                best = w;
            }
        }
        return best;
    }

    /** Whether the window's target selects the route, by the rules the controller resolves targets with. */
    private static boolean covers(ScheduledWindow w, RouteTable table, Route route) {
        Target t;
        try {
            t = Target.parse(w.target());
        } catch (MaintenanceException e) {
            return false;
        }
        if (t.isAll()) {
            return true;
        }
        for (String item : t.items()) {
            if (table.find(item) != null) {
                if (item.equals(route.id())) {
                    return true;
                }
                continue;
            }
            try {
                if ((Target.isPathItem(item) || Target.isDomainItem(item)) && Target.selects(item, route)) {
                    return true;
                }
            } catch (MaintenanceException e) {
                // Not a valid item: it selects nothing.
            }
        }
        return false;
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status,
            String cacheControl, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON_WRITER.asBytes(body);
        response.setStatus(status);
        response.setHeader("Cache-Control", cacheControl);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }
}
