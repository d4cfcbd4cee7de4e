package io.github.maintenance.servlet;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.ClientAddress;
import io.github.maintenance.servlet.access.CorsPolicy;
import io.github.maintenance.servlet.access.RedirectTarget;
import io.github.maintenance.servlet.hold.HeldRequests;
import io.github.maintenance.servlet.proxy.PageProxy;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.Phase;
import io.github.maintenance.state.RouteState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The maintenance filter: answers requests to routes in maintenance with the maintenance page,
 * rejects a growing share of requests to draining routes, serves the maintenance page while a
 * route's circuit breaker is open, and passes everything else to the application.
 *
 * <h2>Wiring</h2>
 * <ul>
 *   <li>{@code web.xml}: declare the filter with no-arg construction; configure it with the
 *       init-parameters of {@link InitParameters}. It creates a controller and publishes it as the
 *       servlet-context attribute {@link MaintenanceFilter#CONTEXT_ATTRIBUTE}, so the application can
 *       toggle maintenance from code.</li>
 *   <li>Code: {@code new MaintenanceFilter(controller, settings)}.</li>
 * </ul>
 * Map it on {@code /*} for the {@code REQUEST} dispatcher type with {@code asyncSupported=true}
 * (a filter without async support makes the application's {@code startAsync} fail). Other
 * dispatches (forward, include, error, async) pass straight through: the decision is made once
 * per request. Put it first in the chain, so that nothing runs for a request it blocks; filters
 * that must run for maintenance responses too (logging, an application-wide CORS filter) go before
 * it, and so does the authentication when roles or signed-in users are to pass (see below); or
 * let the filter add CORS headers to its own responses and answer preflights to blocked routes
 * ({@code corsAllowedOrigins}, see {@link io.github.maintenance.servlet.access.CorsPolicy}).
 *
 * <h2>Request path</h2>
 * One volatile read of the controller's snapshot; when nothing is blocked and nothing is tracked
 * the request goes straight to the chain with no route match and no allocation. Otherwise the
 * route is matched by host and path within the application (without the context path, with path
 * parameters and dot segments removed even on containers that leave them in), and
 * exemptions (paths, client addresses, the bypass cookie or header, a maintenance window's own
 * secret, roles, the application's {@link FilterSettings.Builder#bypassWhen rule}, the redirect
 * target) are checked only when the decision would block; a response that passes only by such
 * a bypass gets {@code Cache-Control: private} unless the application sets its own caching
 * header. The bypass secret URLs are recognised whenever the filter is not idle.
 *
 * <p><b>Roles need authentication first.</b> {@code bypassRoles} and {@code bypassAuthenticated}
 * ask {@code request.isUserInRole} and {@code getUserPrincipal()}: the container's security
 * constraints, or the authentication filter (Spring Security and the like), must have run before
 * this filter, so map that filter ahead of this one. The built-in page's bytes are pre-rendered per language; a request only
 * selects them by {@code Accept} and {@code Accept-Language}.
 *
 * <p>Thread-safe.
 */
public class MaintenanceFilter implements Filter {

    /**
     * Servlet-context attribute under which the filter shares its controller (and under which the
     * dashboard and other servlets look for one).
     */
    public static final String CONTEXT_ATTRIBUTE = "io.github.maintenance.MaintenanceController";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceFilter.class);

    private MaintenanceController controller;
    private FilterSettings settings;
    /** Created on first use, with the controller's URL policy and clock; closed in {@link #destroy()}. */
    private volatile PageProxy proxy;
    private ClientAddress clientAddress;
    private boolean ownsController;
    /** The webhook notifications this filter attached to the controller it created, or {@code null}. */
    private AutoCloseable notifications;
    private boolean programmatic;
    private ServletContext context;
    // Derived from the settings and the context path in configure() and init().
    private String redirectLocation;
    private AccessRules access;
    private BlockedResponses blocked;
    private HeldRequests held;
    /** The status endpoint for front ends, or {@code null} when it is off. */
    private StatusEndpoint statusEndpoint;

    /** For {@code web.xml}: configured from init-parameters in {@link #init(FilterConfig)}. */
    public MaintenanceFilter() {
    }

    /**
     * A filter driven by {@code controller} with default settings.
     *
     * @param controller the controller deciding what each request gets; not {@code null}
     */
    public MaintenanceFilter(MaintenanceController controller) {
        this(controller, FilterSettings.ofDefaults());
    }

    /**
     * A filter driven by {@code controller} with the given settings.
     *
     * @param controller the controller deciding what each request gets; not {@code null}
     * @param settings the filter's settings; not {@code null}
     */
    public MaintenanceFilter(MaintenanceController controller, FilterSettings settings) {
        this.controller = java.util.Objects.requireNonNull(controller, "controller");
        this.programmatic = true;
        configure(java.util.Objects.requireNonNull(settings, "settings"));
    }

    private void configure(FilterSettings s) {
        this.settings = s;
        this.clientAddress = new ClientAddress(s.trustedProxies(), s.forwardedHeader());
        this.statusEndpoint = s.statusPath() == null ? null
                : new StatusEndpoint(s.statusPath(), s.statusMaxAge().toSeconds(), s.cors());
        applyContextPath("");
    }

    /** Computes what depends on the context path ({@code ""} for the root). */
    private void applyContextPath(String contextPath) {
        String cp = contextPath == null ? "" : contextPath;
        RedirectTarget redirect = settings.redirect();
        redirectLocation = redirect == null ? null : redirect.location(cp);
        access = new AccessRules(settings, clientAddress, cp, () -> controller.config().clock());
        blocked = new BlockedResponses(settings, redirectLocation, this::proxy, this::forwardedFor,
                () -> controller.config().clock());
    }

    /** {@return the controller this filter reads; {@code null} before {@link #init} for web.xml filters} */
    public MaintenanceController controller() {
        return controller;
    }

    /** {@return the filter's settings} */
    public FilterSettings settings() {
        return settings;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        context = filterConfig.getServletContext();
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            params.put(name, filterConfig.getInitParameter(name));
        }
        if (programmatic) {
            if (!params.isEmpty()) {
                throw configError(new MaintenanceException("init-parameters " + params.keySet()
                        + " given to a filter constructed with a controller and settings; configure one way only"));
            }
        } else {
            try {
                InitParameters p = InitParameters.parse(params, Thread.currentThread().getContextClassLoader());
                configure(p.filterSettings());
                if (p.controllerAttribute() != null) {
                    Object c = context.getAttribute(p.controllerAttribute());
                    if (!(c instanceof MaintenanceController mc)) {
                        throw new MaintenanceException("servlet-context attribute '" + p.controllerAttribute()
                                + "' (init-parameter " + InitParameters.CONTROLLER_ATTRIBUTE
                                + ") holds no MaintenanceController");
                    }
                    controller = mc;
                } else {
                    controller = MaintenanceController.create(p.controllerConfig());
                    ownsController = true;
                    if (p.notifications().configured()) {
                        notifications = p.notifications().start(controller);
                    }
                    if (p.initialMaintenance() != null) {
                        controller.enter(p.initialMaintenance(), MaintenanceRequest.defaults(),
                                Cause.of(Cause.Source.CONFIG, filterConfig.getFilterName()));
                    }
                }
            } catch (MaintenanceException e) {
                closeNotifications();
                if (ownsController && controller != null) {
                    controller.close();
                    controller = null;
                }
                throw configError(e);
            }
        }
        if (context != null) {
            applyContextPath(context.getContextPath());
        }
        if (context != null && context.getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE) == null) {
            context.setAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE, controller);
        }
        held = new HeldRequests(controller, settings.holdMaxRequests(), settings.holdTimeout(),
                (rq, rs, d) -> blocked.respond(rq, rs, d));
        controller.addListener(held);
        LOG.info("Maintenance filter '{}' started: {}", filterConfig.getFilterName(), settings);
    }

    private static ServletException configError(MaintenanceException e) {
        LOG.error("Invalid maintenance filter configuration: {}", e.getMessage());
        return new ServletException("Invalid maintenance filter configuration: " + e.getMessage(), e);
    }

    @Override
    public void destroy() {
        if (context != null && context.getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE) == controller) {
            context.removeAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
        }
        HeldRequests h = held;
        if (h != null) {
            controller.removeListener(h);
            h.close();
        }
        PageProxy p = proxy;
        if (p != null) {
            p.close();
        }
        closeNotifications();
        if (ownsController && controller != null) {
            controller.close();
        }
    }

    private void closeNotifications() {
        AutoCloseable n = notifications;
        notifications = null;
        if (n != null) {
            try {
                n.close();
            } catch (Exception e) {
                LOG.warn("Closing the webhook notifications failed: {}", e.toString());
            }
        }
    }

    private PageProxy proxy() {
        PageProxy p = proxy;
        if (p == null) {
            synchronized (this) {
                p = proxy;
                if (p == null) {
                    p = new PageProxy(settings.proxy(), controller.config().urlPolicy(), controller.config().clock());
                    proxy = p;
                }
            }
        }
        return p;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(req, res);
            return;
        }
        MaintenanceSnapshot snapshot = controller.snapshot();
        String readiness = settings.readinessPath();
        if (readiness == null && statusEndpoint == null && snapshot.isIdle()) {
            chain.doFilter(request, response);
            return;
        }
        String path = pathWithinApplication(request);
        if (readiness != null && readiness.equals(path)) {
            writeReadiness(request, response, snapshot);
            return;
        }
        if (statusEndpoint != null && statusEndpoint.handles(path)) {
            statusEndpoint.respond(request, response, controller, snapshot);
            return;
        }
        if (snapshot.isIdle()) {
            chain.doFilter(request, response);
            return;
        }
        if (access.answerSecretUrl(request, response, path, snapshot)) {
            return;
        }
        Decision decision = snapshot.decide(request.getServerName(), path);
        boolean readOnlyMode = decision.action() == Decision.Action.MAINTENANCE
                && decision.mode() == MaintenanceMode.READ_ONLY;
        if (readOnlyMode && settings.readOnlyRule().allows(request.getMethod(), path)) {
            response.setHeader("X-Read-Only", "true");
            pass(decision, request, response, chain);
            return;
        }
        AccessRules.Verdict verdict = decision.isBlocked() ? access.check(request, response, path, decision, snapshot) : null;
        if (verdict == AccessRules.Verdict.BLOCK) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} -> {}", request.getMethod(), path, decision);
            }
            if (CorsPolicy.isPreflight(request)) {
                settings.cors().answerPreflight(request, response);
                return;
            }
            if (held != null && HeldRequests.holds(decision) && held.park(request, decision, path)) {
                return;
            }
            if (readOnlyMode) {
                decision.recordReadOnlyRejected();
            } else {
                decision.recordBlocked();
            }
            blocked.respond(request, response, decision);
            return;
        }
        pass(decision, request, verdict == AccessRules.Verdict.BYPASS ? PrivateCaching.wrap(response) : response, chain);
    }

    /**
     * The decoded, canonical path within the application, without the context path: no path
     * parameters, no dot segments, whether or not the container removed them (see {@link RequestPath}).
     */
    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            return servletPath == null || servletPath.isEmpty() ? "/" : RequestPath.canonical(servletPath);
        }
        return RequestPath.canonical(servletPath == null || servletPath.isEmpty() ? pathInfo : servletPath + pathInfo);
    }

    private void pass(Decision decision, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (decision.tracksInFlight()) {
            InFlight.track(decision, request, () -> passMeasured(decision, request, response, chain));
        } else {
            passMeasured(decision, request, response, chain);
        }
    }

    private void passMeasured(Decision decision, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        String scheduled = decision.scheduled();
        if (scheduled != null) {
            response.setHeader("X-Maintenance-Scheduled", scheduled);
        }
        if (!decision.tracksOutcome()) {
            chain.doFilter(request, response);
            return;
        }
        long start = decision.measuresLatency() ? System.nanoTime() : -1;
        try {
            chain.doFilter(request, response);
        } catch (Throwable t) {
            decision.recordOutcome(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, t, elapsedSince(start));
            throw t;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new OutcomeListener(decision, start));
        } else {
            decision.recordOutcome(response.getStatus(), null, elapsedSince(start));
        }
    }

    private static long elapsedSince(long start) {
        return start < 0 ? -1 : System.nanoTime() - start;
    }

    /** The {@code X-Forwarded-For} value to send upstream: the believed chain plus the peer. */
    private String forwardedFor(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (clientAddress.peerIsTrusted(request)) {
            String existing = request.getHeader("X-Forwarded-For");
            if (existing != null && !existing.isBlank()) {
                return existing.trim() + ", " + peer;
            }
        }
        return peer;
    }

    private static void writeReadiness(HttpServletRequest request, HttpServletResponse response,
            MaintenanceSnapshot snapshot) throws IOException {
        RouteState instance = snapshot.state(Route.CATCH_ALL_ID);
        Phase phase = instance == null ? Phase.SERVING : instance.phase();
        boolean draining = instance != null && instance.draining() && phase != Phase.MAINTENANCE;
        String status = draining ? "draining" : phase == Phase.MAINTENANCE ? "maintenance" : "serving";
        byte[] body = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(draining ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** Reports the outcome of an asynchronous request once it completes. */
    private static final class OutcomeListener implements AsyncListener {
        private final Decision decision;
        private final long start;
        private final AtomicBoolean done = new AtomicBoolean();

        OutcomeListener(Decision decision, long start) {
            this.decision = decision;
            this.start = start;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (done.compareAndSet(false, true)) {
                ServletResponse r = event.getSuppliedResponse();
                int status = r instanceof HttpServletResponse h ? h.getStatus() : 200;
                decision.recordOutcome(status, null, elapsedSince(start));
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (done.compareAndSet(false, true)) {
                decision.recordOutcome(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        new java.util.concurrent.TimeoutException("asynchronous request timed out"), elapsedSince(start));
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            if (done.compareAndSet(false, true)) {
                Throwable t = event.getThrowable();
                decision.recordOutcome(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        t != null ? t : new IllegalStateException("asynchronous request failed"), elapsedSince(start));
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
