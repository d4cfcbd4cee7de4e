package io.github.maintenance.examples;

import io.github.maintenance.Cause;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Target;
import io.github.maintenance.redis.ClusterStatistics;
import io.github.maintenance.redis.InstanceStatistics;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.Totals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The demo's control endpoint under {@code /_control/}: toggles maintenance with plain HTTP until
 * the registry and its CLI exist. Answers only clients connecting from a loopback address
 * (whatever address the demo binds) asking for a loopback host name ({@code Host: localhost},
 * {@code 127.0.0.1}, {@code [::1]}: a rebound foreign name is refused) and refuses a foreign
 * {@code Origin} (cross-site requests from a browser); changes state only on {@code POST}, and
 * answers JSON.
 *
 * <table>
 * <caption>Actions</caption>
 * <tr><th>request</th><th>parameters (query or form)</th></tr>
 * <tr><td>{@code POST /_control/enter}</td><td>{@code target} (default {@code ALL}), {@code message},
 *     {@code pageUrl}, {@code retryAfter} and {@code duration} (durations such as {@code 90s}), and the
 *     window options {@code mode} ({@code full}, {@code read-only}, {@code hold}), {@code status},
 *     {@code redirect}, {@code refresh}, {@code template}, {@code secret}, {@code hold}</td></tr>
 * <tr><td>{@code POST /_control/exit}</td><td>{@code target} (default {@code ALL})</td></tr>
 * <tr><td>{@code POST /_control/drain}</td><td>{@code target} (default {@code ALL}), {@code seconds}
 *     (default 30)</td></tr>
 * <tr><td>{@code POST /_control/cancel}</td><td>{@code target} (default {@code ALL})</td></tr>
 * <tr><td>{@code GET /_control/status}</td><td>none; routes, totals, the state store's health and,
 *     on Redis, the cluster's counters</td></tr>
 * </table>
 *
 * A refused change (unknown route id, bad duration, unknown parameter) answers 400 with
 * {@code {"error": …}} and changes nothing. Thread-safe.
 */
final class ControlServlet extends HttpServlet {

    /** Default drain period of {@code /_control/drain}. */
    static final int DEFAULT_DRAIN_SECONDS = 30;

    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "enter", Set.of("target", "message", "pageUrl", "retryAfter", "duration",
                    "mode", "status", "redirect", "refresh", "template", "secret", "hold", "reason"),
            "exit", Set.of("target", "reason"),
            "drain", Set.of("target", "seconds", "reason"),
            "cancel", Set.of("target", "reason"),
            "status", Set.of());

    private final transient MaintenanceController controller;

    ControlServlet(MaintenanceController controller) {
        this.controller = controller;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isLoopback(req.getRemoteAddr())) {
            error(resp, HttpServletResponse.SC_FORBIDDEN, "the control endpoint answers loopback clients only");
            return;
        }
        if (!isLoopbackName(hostOf(req.getHeader("Host")))) {
            // A page of another site that resolved its own name to 127.0.0.1 (DNS rebinding).
            error(resp, HttpServletResponse.SC_FORBIDDEN, "the control endpoint answers requests for a loopback host "
                    + "name only (localhost, 127.0.0.1, [::1])");
            return;
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !isLoopbackOrigin(origin)) {
            // A cross-site request from a browser: a page elsewhere must not toggle maintenance here.
            error(resp, HttpServletResponse.SC_FORBIDDEN, "the control endpoint refuses cross-site requests");
            return;
        }
        String action = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        Set<String> allowed = PARAMETERS.get(action);
        if (allowed == null) {
            error(resp, HttpServletResponse.SC_NOT_FOUND,
                    "unknown control action '" + action + "'; expected enter, exit, drain, cancel or status");
            return;
        }
        String method = req.getMethod();
        boolean read = action.equals("status");
        if (read ? !(method.equals("GET") || method.equals("HEAD")) : !method.equals("POST")) {
            resp.setHeader("Allow", read ? "GET, HEAD" : "POST");
            error(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "/_control/" + action + " takes " + (read ? "GET" : "POST") + ", not " + method);
            return;
        }
        try {
            checkParameters(req, action, allowed);
            String json = action.equals("status") ? status() : change(action, req);
            DemoServlets.sendJson(resp, HttpServletResponse.SC_OK, json);
        } catch (MaintenanceException e) {
            error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    /** Parses the parameters into a change (the core's vocabulary: {@code pageUrl} is its {@code url}) and applies it. */
    private String change(String action, HttpServletRequest req) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("action", action);
        req.getParameterMap().forEach((k, v) -> fields.put(k.equals("pageUrl") ? "url" : k, v[0]));
        if (fields.get("seconds") instanceof String s && s.strip().matches("[0-9]{1,30}")) {
            fields.put("seconds", new java.math.BigInteger(s.strip()));
        }
        if (action.equals("drain")) {
            fields.putIfAbsent("seconds", DEFAULT_DRAIN_SECONDS);
        }
        Change change = ChangeFields.parse(fields, "ALL");
        ChangeResult result = controller.apply(change, ChangeFields.cause(fields, cause(req)));
        return new JsonText().beginObject()
                .field("action", action)
                .field("target", req.getParameter("target") == null ? "ALL" : Target.parse(req.getParameter("target"))
                        .toString())
                .field("routes", result.routeIds())
                .endObject().toString();
    }

    private String status() {
        JsonText json = new JsonText().beginObject()
                .field("instance", controller.config().instanceName())
                .beginArray("routes");
        for (RouteStatus s : controller.statuses()) {
            json.beginObject()
                    .field("id", s.routeId())
                    .field("domains", s.route().domains())
                    .field("path", s.route().path())
                    .field("phase", s.phase().name().toLowerCase(java.util.Locale.ROOT))
                    .field("in_maintenance", s.inMaintenance())
                    .field("maintenance_message", s.maintenanceMessage())
                    .field("maintenance_page_url", s.maintenancePageUrl())
                    .field("maintenance_since", s.maintenanceSince())
                    .field("maintenance_until", s.maintenanceUntil())
                    .field("maintenance_hits", s.maintenanceHits())
                    .field("draining", s.draining())
                    .field("drain_progress", s.drainProgress())
                    .millis("drain_remaining", s.drainRemaining())
                    .field("drain_rejected", s.drainRejected())
                    .field("circuit_state", s.circuitState().name())
                    .endObject();
        }
        Totals t = controller.totals();
        json.endArray()
                .beginObject("totals")
                .field("routes", t.routes())
                .field("in_maintenance", t.inMaintenance())
                .field("draining", t.draining())
                .field("circuit_open", t.circuitOpen())
                .field("maintenance_hits", t.maintenanceHits())
                .field("drain_rejected", t.drainRejected())
                .endObject();
        StoreStatus store = controller.storeStatus();
        json.beginObject("store")
                .field("store", store.store())
                .field("available", store.available())
                .field("detail", store.detail())
                .field("since", store.since())
                .field("version", controller.snapshot().version())
                .endObject();
        if (controller.config().stateStore() instanceof RedisStateStore redis) {
            cluster(json, redis);
        }
        return json.endObject().toString();
    }

    /** The counters every instance on the Redis last published, summed. */
    private static void cluster(JsonText json, RedisStateStore redis) {
        json.beginObject("cluster");
        try {
            ClusterStatistics c = redis.clusterStatistics();
            json.field("instances", c.instances().stream().map(InstanceStatistics::instance).toList())
                    .field("maintenance_hits", c.totals().maintenanceHits())
                    .field("drain_rejected", c.totals().drainRejected())
                    .field("circuit_rejected", c.totals().circuitRejected());
        } catch (StateStoreException e) {
            json.field("error", e.getMessage());
        }
        json.endObject();
    }

    private static void checkParameters(HttpServletRequest req, String action, Set<String> allowed) {
        for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw new MaintenanceException("unknown parameter '" + p.getKey() + "' for " + action
                        + (allowed.isEmpty() ? " (it takes none)" : " (expected " + String.join(", ",
                                allowed.stream().sorted().toList()) + ")"));
            }
            if (p.getValue().length > 1) {
                throw new MaintenanceException("parameter '" + p.getKey() + "' given " + p.getValue().length
                        + " times");
            }
        }
    }

    private static Cause cause(HttpServletRequest req) {
        return Cause.api("demo control endpoint (" + req.getRemoteAddr() + ")");
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        DemoServlets.sendJson(resp, status, new JsonText().beginObject().field("error", message).endObject()
                .toString());
    }

    /** The host part of a {@code Host} header ({@code [::1]:8080} gives {@code [::1]}), or {@code null}. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? null : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Whether a host name is one of this machine's loopback names (no name is resolved). */
    static boolean isLoopbackName(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("127(\\.[0-9]{1,3}){3}");
    }

    /** Whether an {@code Origin} is a page served from a loopback host name. */
    static boolean isLoopbackOrigin(String origin) {
        String o = origin.strip().toLowerCase(java.util.Locale.ROOT);
        int scheme = o.indexOf("://");
        if (scheme < 0 || !(o.startsWith("http://") || o.startsWith("https://"))) {
            return false;
        }
        String authority = o.substring(scheme + 3);
        return authority.indexOf('/') < 0 && authority.indexOf('@') < 0 && isLoopbackName(hostOf(authority));
    }

    /** Whether a peer address (an IP literal, so no name lookup happens) is a loopback address. */
    static boolean isLoopback(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isEmpty()) {
            return false;
        }
        String a = remoteAddr.startsWith("[") && remoteAddr.endsWith("]")
                ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
                return false;
            }
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
