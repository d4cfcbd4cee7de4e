package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.Cause;
import io.github.maintenance.servlet.ControlErrors;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.servlet.dashboard.DashboardAccess.Outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The maintenance dashboard: a JSON API, a live page and actions, mountable at any prefix.
 *
 * <h2>Wiring</h2>
 * Map it on {@code /prefix/*} (e.g. {@code /maintenance-admin/*}) with async support (the event
 * stream needs it, and so does every filter in front of it), and exempt that prefix from the
 * maintenance filter, or the dashboard is blocked together with {@code ALL}:
 * <ul>
 *   <li>Code: {@code new DashboardServlet(controller, DashboardSettings.custom().token(t).build())}.</li>
 *   <li>{@code web.xml}: no-arg construction, configured by the init-parameters of
 *       {@link DashboardSettings}; the controller is taken from the servlet-context attribute
 *       {@link MaintenanceFilter#CONTEXT_ATTRIBUTE}, where the maintenance filter publishes its own.
 *       When the attribute is still empty at the dashboard's init (containers such as Undertow
 *       initialise filters only at their first request, after the servlets loaded on start-up), the
 *       dashboard looks again at each request until it is there; until then it answers 503 and logs
 *       why once. An attribute holding anything but a controller stops the dashboard from starting.</li>
 * </ul>
 *
 * <h2>Endpoints (relative to the prefix)</h2>
 * <table>
 * <caption>Endpoints</caption>
 * <tr><th>request</th><th>answer</th></tr>
 * <tr><td>{@code GET /}</td><td>the page (a self-contained HTML document with no data in it; the
 *     data comes from the API with the user's token)</td></tr>
 * <tr><td>{@code GET /api/dashboard/maintenance}</td><td>the seed's totals and per-route
 *     maintenance counters</td></tr>
 * <tr><td>{@code GET /api/dashboard/routes}</td><td>the seed's route status, one element per
 *     (route, domain)</td></tr>
 * <tr><td>{@code GET /api/dashboard/state}</td><td>everything the page shows, with route ids, the
 *     scheduled windows and the state store's health ({@link DashboardViews#state})</td></tr>
 * <tr><td>{@code GET /api/dashboard/schedules}</td><td>the scheduled maintenance windows not over yet,
 *     by start ({@code []} when none)</td></tr>
 * <tr><td>{@code GET /api/dashboard/history}</td><td>maintenance windows and per-hour or per-day
 *     counts and durations ({@code ?bucket=hour|day&count=N&zone=Europe/Berlin&limit=N})</td></tr>
 * <tr><td>{@code GET /api/dashboard/audit}</td><td>the audit trail, newest first, as JSON or CSV
 *     ({@code ?limit=1..1000&since=<ISO-8601 instant>&format=json|csv}; the CSV is an attachment)</td></tr>
 * <tr><td>{@code GET /api/dashboard/cluster}</td><td>every live instance sharing the state store, the
 *     cluster's totals and this instance's ({@code ClusterJson}); 404 when the store keeps no cluster
 *     reports, 503 when it cannot be read</td></tr>
 * <tr><td>{@code GET /api/dashboard/events}</td><td>server-sent events: {@code ready} on connect,
 *     {@code change} after every change of state, a comment line as heartbeat</td></tr>
 * <tr><td>{@code POST /api/dashboard/actions}</td><td>enter, exit, drain, cancel, schedule, unschedule
 *     ({@link DashboardAction}); 400 with {@code {"error": …}} on bad input, nothing changed</td></tr>
 * </table>
 *
 * <h2>Access</h2>
 * As described in {@link DashboardSettings}: denied by default; a bearer token (compared in
 * constant time) allows reading and actions; {@code allowLoopback} lets direct loopback clients
 * read. Refusals: 401 with {@code WWW-Authenticate: Bearer} (missing or wrong token), 403 (access
 * not configured, not loopback, actions without any configured token), 429 after repeated wrong
 * tokens from one address. The page itself is served to anyone: it holds no data. Every response
 * carries {@code Cache-Control: no-store}; the servlet never sets a cookie nor creates a session,
 * and never answers CORS, so other sites cannot use a visitor's browser against it. Changes are
 * made with {@link Cause.Source#DASHBOARD} and, as actor, the name of the token presented
 * ({@link DashboardSettings.Builder#token(String, String)}) or, for an unnamed token, the client
 * address.
 *
 * <p>Thread-safe. Open event streams hold no container thread (servlet async with non-blocking
 * writes); {@link #destroy()} closes them.
 */
public class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);

    /** Largest accepted action body. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** How much of a too-large body is read and dropped before answering 413 on a kept connection. */
    private static final long MAX_DISCARDED_BYTES = 1024 * 1024;
    private static final String API = "/api/dashboard/";
    private static final String REALM = "Bearer realm=\"maintenance-dashboard\"";
    /** Writes {@code null} members too: the documents have a fixed set of keys. */
    private static final JSON JSON_WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    // controller, access and streams are written before ready is set (in bind()) and read after it.
    private transient MaintenanceController controller;
    private transient DashboardSettings settings;
    private transient boolean programmatic;
    private transient DashboardAccess access;
    private transient DashboardReads reads;
    private transient EventStreams streams;
    private transient DashboardPage page;
    private transient volatile boolean ready;
    private final transient AtomicBoolean asyncWarned = new AtomicBoolean();
    private final transient AtomicBoolean missingLogged = new AtomicBoolean();

    /** For {@code web.xml}: configured from init-parameters in {@link #init(ServletConfig)}. */
    public DashboardServlet() {
    }

    /**
     * A dashboard of {@code controller} with the given settings.
     *
     * @param controller the controller shown and changed; not {@code null}
     * @param settings the dashboard's settings; not {@code null}
     */
    public DashboardServlet(MaintenanceController controller, DashboardSettings settings) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.programmatic = true;
    }

    /**
     * The controller shown; for {@code web.xml} servlets {@code null} until it is found in the
     * servlet context (at {@link #init}, or at the first request after the filter published it).
     *
     * @return the controller, or {@code null} while not yet found
     */
    public MaintenanceController controller() {
        return programmatic || ready ? controller : null;
    }

    /** {@return the settings; {@code null} before {@link #init} for {@code web.xml} servlets} */
    public DashboardSettings settings() {
        return settings;
    }

    /** {@return number of event streams open now} */
    public int openEventStreams() {
        EventStreams s = ready ? streams : null;
        return s == null ? 0 : s.size();
    }

    /**
     * Ends every open event stream now (the pages reconnect by themselves). An open stream is a
     * request that never ends, so a container's graceful stop waits for it until its stop
     * time-out; call this just before stopping the container to stop promptly.
     * {@link #destroy()} ends the streams too, but containers call it only after that wait.
     */
    public void closeEventStreams() {
        EventStreams s = ready ? streams : null;
        if (s != null) {
            s.closeAll();
        }
    }

    @Override
    public void init() throws ServletException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(getInitParameterNames())) {
            params.put(name, getInitParameter(name));
        }
        try {
            if (programmatic) {
                if (!params.isEmpty()) {
                    throw new MaintenanceException("init-parameters " + params.keySet()
                            + " given to a dashboard constructed with a controller and settings; configure one way only");
                }
            } else {
                settings = DashboardSettings.fromInitParameters(params);
                Object c = getServletContext().getAttribute(settings.controllerAttribute());
                if (c != null && !(c instanceof MaintenanceController)) {
                    throw new MaintenanceException("servlet-context attribute '" + settings.controllerAttribute()
                            + "' holds a " + c.getClass().getName() + ", not a MaintenanceController");
                }
            }
        } catch (MaintenanceException e) {
            LOG.error("Invalid maintenance dashboard configuration: {}", e.getMessage());
            throw new ServletException("Invalid maintenance dashboard configuration: " + e.getMessage(), e);
        }
        page = DashboardPage.render(settings.title());
        if (!bind()) {
            LOG.info("Maintenance dashboard '{}': servlet-context attribute '{}' holds no controller yet; looking "
                    + "again at each request (the maintenance filter publishes its controller when it starts)",
                    getServletName(), settings.controllerAttribute());
        }
        LOG.info("Maintenance dashboard '{}' started: {}", getServletName(), settings);
        if (!settings.hasTokens() && !settings.allowLoopback()) {
            LOG.warn("Maintenance dashboard '{}' has no token and does not allow loopback clients: every API "
                    + "request is denied (configure '{}' or '{}')", getServletName(), DashboardSettings.TOKEN,
                    DashboardSettings.ALLOW_LOOPBACK);
        } else if (!settings.hasTokens()) {
            LOG.info("Maintenance dashboard '{}' has no token: read-only for loopback clients", getServletName());
        } else if (settings.shortestToken() < DashboardSettings.RECOMMENDED_TOKEN_LENGTH) {
            LOG.warn("Maintenance dashboard '{}': a token has fewer than {} characters; use a long random one",
                    getServletName(), DashboardSettings.RECOMMENDED_TOKEN_LENGTH);
        }
    }

    /**
     * Binds the dashboard to its controller, once: the programmatic one, or the one in the
     * servlet-context attribute when it is there. Whether the dashboard is bound.
     */
    private synchronized boolean bind() {
        if (ready) {
            return true;
        }
        if (!programmatic) {
            Object c = getServletContext().getAttribute(settings.controllerAttribute());
            if (!(c instanceof MaintenanceController mc)) {
                return false;
            }
            controller = mc;
        }
        access = new DashboardAccess(settings, controller.config().clock());
        reads = new DashboardReads(controller, settings, access);
        MaintenanceController c = controller;
        streams = new EventStreams(settings, () -> c.snapshot().version());
        controller.addListener(streams);
        ready = true;
        return true;
    }

    @Override
    public synchronized void destroy() {
        if (ready) {
            controller.removeListener(streams);
            streams.close();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (!ready && !bind()) {
            if (missingLogged.compareAndSet(false, true)) {
                LOG.error("Maintenance dashboard '{}': servlet-context attribute '{}' holds no MaintenanceController; "
                        + "map the maintenance filter in front of the dashboard (it publishes its controller when it "
                        + "starts), or publish a controller there, or name another attribute with init-parameter '{}'",
                        getServletName(), settings.controllerAttribute(), DashboardSettings.CONTROLLER_ATTRIBUTE);
            }
            send(req, resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, DashboardJson.error(
                    "the maintenance dashboard has no controller yet (see the server log)"));
            return;
        }
        String path = req.getPathInfo();
        String method = req.getMethod();
        if (path == null || path.isEmpty()) {
            if (allow(req, resp, "GET", "HEAD")) {
                String uri = req.getRequestURI();
                resp.setHeader("Location", uri + "/");
                resp.setStatus(HttpServletResponse.SC_FOUND);
            }
            return;
        }
        if (path.equals("/")) {
            if (allow(req, resp, "GET", "HEAD")) {
                servePage(resp, method.equals("HEAD"));
            }
            return;
        }
        if (!path.startsWith(API)) {
            send(req, resp, HttpServletResponse.SC_NOT_FOUND, DashboardJson.error("not found: " + printable(path)));
            return;
        }
        String endpoint = path.substring(API.length());
        switch (endpoint) {
            case "maintenance", "routes", "state", "schedules", "history", "audit", "cluster" -> {
                if (allow(req, resp, "GET", "HEAD") && readAllowed(req, resp)
                        && parametersAllowed(req, resp, DashboardReads.parameters(endpoint))) {
                    reply(req, resp, reads.read(endpoint, req));
                }
            }
            case "events" -> {
                if (allow(req, resp, "GET") && readAllowed(req, resp) && parametersAllowed(req, resp, Set.of())) {
                    openStream(req, resp);
                }
            }
            case "actions" -> {
                if (allow(req, resp, "POST")) {
                    act(req, resp);
                }
            }
            default -> send(req, resp, HttpServletResponse.SC_NOT_FOUND, DashboardJson.error("unknown endpoint "
                    + printable(path) + " (expected maintenance, routes, state, schedules, history, audit, cluster, events or actions under "
                    + API + ")"));
        }
    }

    // ---- event stream -----------------------------------------------------------------------

    private void openStream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.isAsyncSupported()) {
            if (asyncWarned.compareAndSet(false, true)) {
                LOG.warn("Maintenance dashboard '{}': the event stream needs async support; register the servlet and "
                        + "every filter before it with asyncSupported=true (<async-supported>true</async-supported>)",
                        getServletName());
            }
            send(req, resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, DashboardJson.error("the event stream needs "
                    + "async support: register the dashboard servlet and every filter before it with asyncSupported=true"));
            return;
        }
        if (!streams.reserve()) {
            resp.setHeader("Retry-After", "10");
            send(req, resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, DashboardJson.error(
                    "too many open event streams (at most " + settings.maxStreams() + "); retry later"));
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("X-Accel-Buffering", "no");
        streams.start(req, resp);
    }

    // ---- actions ----------------------------------------------------------------------------

    private void act(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DashboardAccess.Verdict verdict = access.act(req);
        if (!verdict.outcome().allowed()) {
            deny(req, resp, verdict.outcome());
            return;
        }
        if (req.getQueryString() != null) {
            send(req, resp, HttpServletResponse.SC_BAD_REQUEST,
                    DashboardJson.error("the actions endpoint takes a JSON body, not query parameters"));
            return;
        }
        String type = req.getContentType();
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            send(req, resp, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, DashboardJson.error(
                    "expected Content-Type: application/json, got " + (type == null ? "none" : "'" + printable(type) + "'")));
            return;
        }
        byte[] body = readBody(req);
        if (body == null) {
            // Read (and drop) a moderately large rest, so that the client, still sending, gets the answer.
            if (req.getContentLengthLong() > MAX_DISCARDED_BYTES || !discard(req.getInputStream(), MAX_DISCARDED_BYTES)) {
                resp.setHeader("Connection", "close");
            }
            send(req, resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    DashboardJson.error("the body is larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        Map<String, Object> result;
        try {
            result = DashboardViews.act(DashboardAction.fields(body), controller,
                    Cause.of(Cause.Source.DASHBOARD, verdict.actor()));
        } catch (MaintenanceException e) {
            send(req, resp, ControlErrors.status(e), ControlErrors.body(e));
            return;
        } catch (IllegalStateException e) {
            send(req, resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, DashboardJson.error(
                    "the maintenance controller is not running: " + e.getMessage()));
            return;
        }
        send(req, resp, HttpServletResponse.SC_OK, result);
    }

    /** The body, or {@code null} when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        InputStream in = req.getInputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /** Reads and drops the rest of {@code in} up to {@code limit} bytes; whether it ended. */
    private static boolean discard(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    // ---- access -----------------------------------------------------------------------------

    private boolean readAllowed(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Outcome outcome = access.read(req);
        if (outcome.allowed()) {
            return true;
        }
        deny(req, resp, outcome);
        return false;
    }

    private void deny(HttpServletRequest req, HttpServletResponse resp, Outcome outcome) throws IOException {
        int status;
        String message;
        switch (outcome) {
            case NOT_CONFIGURED -> {
                status = HttpServletResponse.SC_FORBIDDEN;
                message = "dashboard access is not configured: set a token (init-parameter '" + DashboardSettings.TOKEN
                        + "') or allow loopback clients ('" + DashboardSettings.ALLOW_LOOPBACK + "')";
            }
            case NOT_LOOPBACK -> {
                status = HttpServletResponse.SC_FORBIDDEN;
                message = "this dashboard answers loopback clients only (no token is configured)";
            }
            case ACTIONS_DISABLED -> {
                status = HttpServletResponse.SC_FORBIDDEN;
                message = "actions need a token, and none is configured";
            }
            case MISSING_TOKEN -> {
                status = HttpServletResponse.SC_UNAUTHORIZED;
                message = "a token is required: send 'Authorization: Bearer <token>'";
                resp.setHeader("WWW-Authenticate", REALM);
            }
            case MALFORMED -> {
                status = HttpServletResponse.SC_UNAUTHORIZED;
                message = "malformed Authorization header: expected 'Bearer <token>'";
                resp.setHeader("WWW-Authenticate", REALM + ", error=\"invalid_request\"");
                LOG.info("Maintenance dashboard: malformed Authorization header from {}", req.getRemoteAddr());
            }
            case WRONG_TOKEN -> {
                status = HttpServletResponse.SC_UNAUTHORIZED;
                message = "invalid token";
                resp.setHeader("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
                LOG.info("Maintenance dashboard: invalid token from {}", req.getRemoteAddr());
            }
            default -> {
                status = 429;
                message = "too many invalid tokens from this address; retry later";
                resp.setHeader("Retry-After", Long.toString(access.retryAfterSeconds(req)));
            }
        }
        send(req, resp, status, DashboardJson.error(message));
    }

    // ---- responses --------------------------------------------------------------------------

    private boolean allow(HttpServletRequest req, HttpServletResponse resp, String... methods) throws IOException {
        String m = req.getMethod();
        for (String allowed : methods) {
            if (allowed.equals(m)) {
                return true;
            }
        }
        resp.setHeader("Allow", String.join(", ", methods));
        send(req, resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, DashboardJson.error(
                printable(req.getRequestURI()) + " takes " + String.join(" or ", methods) + ", not " + printable(m)));
        return false;
    }

    private boolean parametersAllowed(HttpServletRequest req, HttpServletResponse resp, Set<String> known)
            throws IOException {
        Set<String> unknown = new TreeSet<>(req.getParameterMap().keySet());
        unknown.removeAll(known);
        if (unknown.isEmpty()) {
            return true;
        }
        List<String> names = new ArrayList<>();
        for (String u : unknown) {
            names.add(printable(u));
        }
        send(req, resp, HttpServletResponse.SC_BAD_REQUEST, DashboardJson.error("unknown query parameter(s) " + names
                + (known.isEmpty() ? "; this endpoint takes none" : "; known are " + new TreeSet<>(known))));
        return false;
    }

    private void servePage(HttpServletResponse resp, boolean head) throws IOException {
        byte[] html = page.html();
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/html;charset=utf-8");
        resp.setHeader("Content-Security-Policy", page.contentSecurityPolicy());
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setContentLength(html.length);
        if (!head) {
            resp.getOutputStream().write(html);
        }
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, int status, Object body)
            throws IOException {
        reply(req, resp, DashboardReply.json(status, body));
    }

    private static void reply(HttpServletRequest req, HttpServletResponse resp, DashboardReply reply)
            throws IOException {
        reply.headers().forEach(resp::setHeader);
        resp.setStatus(reply.status());
        resp.setContentType(reply.contentType());
        resp.setContentLength(reply.body().length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(reply.body());
        }
    }

    static byte[] jsonBytes(Object value) {
        try {
            return JSON_WRITER.asBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dashboard JSON", e);
        }
    }

    static String json(Object value) {
        try {
            return JSON_WRITER.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dashboard JSON", e);
        }
    }

    private static String printable(String s) {
        return io.github.maintenance.MaintenanceErrors.printable(s);
    }
}
