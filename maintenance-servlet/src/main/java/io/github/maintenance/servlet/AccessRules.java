package io.github.maintenance.servlet;

import io.github.maintenance.Decision;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.access.ClientAddress;
import io.github.maintenance.servlet.access.ExemptPaths;
import io.github.maintenance.servlet.access.RedirectTarget;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who passes a request the decision would block, and the bypass secret URLs.
 *
 * <p>In this order: exempt paths (the filter's, those set at run time, the route's, the redirect
 * target), which are not bypasses; then the bypasses: the static secret (header or cookie), the
 * maintenance window's own secret (header or cookie), an allowed client address, an authenticated
 * user ({@code bypassAuthenticated}), a role ({@code bypassRoles}) and the application's rule
 * ({@code bypassWhen}). A bypass passes every blocking decision: maintenance in any mode (so a
 * read-only write and a held request go through at once), drain and an open circuit, as an
 * allowed address always has; a window's secret only passes the maintenance whose window has it.
 *
 * <p>Thread-safe; built again when the context path is known.
 */
final class AccessRules {

    /** What a request the decision blocks gets. */
    enum Verdict {
        /** Blocked: the maintenance (drain, circuit) response. */
        BLOCK,
        /** Passes because its path is exempt: an ordinary response. */
        EXEMPT,
        /** Passes because of who sent it: a response no shared cache may keep. */
        BYPASS
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccessRules.class);
    /** At most this many exception classes are remembered as already logged at WARN. */
    private static final int MAX_LOGGED_FAILURES = 64;

    private final FilterSettings settings;
    private final ClientAddress clientAddress;
    private final Supplier<Clock> clock;
    private final String bypassHome;
    private final String bypassCookiePath;
    private final ExemptPaths redirectExempt;
    /** Where secret URLs lie: the static bypass's path, else {@code /}. */
    private final String secretPrefix;
    private final String cookieName;
    private final java.time.Duration cookieTtl;
    private final Set<String> roles;
    private final Predicate<HttpServletRequest> rule;
    private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
    /** The cookie of the window secret seen last: windows are few, their secrets change rarely. */
    private volatile WindowCookie lastWindowCookie;

    private record WindowCookie(String hash, BypassCookie cookie) {
    }

    AccessRules(FilterSettings settings, ClientAddress clientAddress, String contextPath, Supplier<Clock> clock) {
        this.settings = settings;
        this.clientAddress = clientAddress;
        this.clock = clock;
        String cp = contextPath == null ? "" : contextPath;
        this.bypassHome = cp + "/";
        this.bypassCookiePath = cp.isEmpty() ? "/" : cp;
        RedirectTarget redirect = settings.redirect();
        this.redirectExempt = redirect == null ? ExemptPaths.none() : redirect.exemptPaths(cp);
        BypassCookie bypass = settings.bypass();
        this.secretPrefix = bypass == null ? BypassCookie.DEFAULT_PATH : bypass.pathPrefix();
        this.cookieName = bypass == null ? BypassCookie.DEFAULT_COOKIE_NAME : bypass.cookieName();
        this.cookieTtl = bypass == null ? BypassCookie.DEFAULT_TTL : bypass.ttl();
        this.roles = settings.bypassRoles();
        this.rule = settings.bypassWhen();
    }

    /**
     * Answers a request to a secret URL, the static one or that of a window in maintenance: a
     * bypass cookie, a 302 to the application's root, {@code Cache-Control: no-store}.
     *
     * @return whether the request was a secret URL and is answered
     */
    boolean answerSecretUrl(HttpServletRequest request, HttpServletResponse response, String path,
            MaintenanceSnapshot snapshot) {
        BypassCookie cookie = null;
        BypassCookie bypass = settings.bypass();
        if (bypass != null && bypass.isSecretPath(path)) {
            cookie = bypass;
        } else if (path.startsWith(secretPrefix) && path.length() > secretPrefix.length()) {
            String hash = windowWithSecret(path, secretPrefix.length(), snapshot);
            if (hash != null) {
                cookie = windowCookie(hash);
            }
        }
        if (cookie == null) {
            return false;
        }
        grant(request, response, cookie, true);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", bypassHome);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
        return true;
    }

    /**
     * The secret hash of a window in maintenance whose secret the rest of {@code path} from
     * {@code from} is, or {@code null}. Hashes only a candidate that could be a window secret, and
     * takes it out of the path only then (most paths are not: no allocation for them).
     */
    private String windowWithSecret(String path, int from, MaintenanceSnapshot snapshot) {
        int length = path.length() - from;
        if (length < 8 || length > 128 || !unreserved(path, from)) {
            return null;
        }
        String candidate = path.substring(from);
        long now = clock.get().millis();
        RouteTable table = snapshot.routes();
        for (int i = 0; i < table.size(); i++) {
            RouteState state = snapshot.state(table.route(i).id());
            MaintenanceState m = state == null ? null : state.maintenance();
            if (m != null && !m.isExpired(now) && m.options().isBypassSecret(candidate)) {
                return m.options().bypassSecretHash();
            }
        }
        return null;
    }

    /**
     * {@return whether a request the decision blocks passes, and why}
     *
     * @param response gets a bypass cookie when the request carries a secret in its header
     */
    Verdict check(HttpServletRequest request, HttpServletResponse response, String path, Decision decision,
            MaintenanceSnapshot snapshot) {
        if (settings.exemptPaths().matches(path) || snapshot.isExemptPath(path)) {
            return Verdict.EXEMPT;
        }
        Route route = decision.route();
        if (route != null && route.isExempt(path)) {
            return Verdict.EXEMPT;
        }
        RedirectTarget redirect = settings.redirect();
        if (redirect != null && redirectExempt.matches(path) && redirect.coversHost(request.getServerName())) {
            return Verdict.EXEMPT;
        }
        return bypassed(request, response, decision) ? Verdict.BYPASS : Verdict.BLOCK;
    }

    private boolean bypassed(HttpServletRequest request, HttpServletResponse response, Decision decision) {
        BypassCookie bypass = settings.bypass();
        String header = request.getHeader(BypassCookie.HEADER);
        if (bypass != null && bypass.isSecret(header)) {
            grant(request, response, bypass, false);
            return true;
        }
        WindowOptions window = decision.options();
        if (header != null && window.isBypassSecret(header)) {
            grant(request, response, windowCookie(window.bypassSecretHash()), false);
            return true;
        }
        if ((bypass != null || window.bypassSecretHash() != null) && hasBypassCookie(request, bypass, window)) {
            return true;
        }
        if (!settings.allowedIps().isEmpty() && settings.allowedIps().contains(clientAddress.resolve(request))) {
            return true;
        }
        if (!settings.bypassAuthenticated() && roles.isEmpty() && rule == null) {
            return false;
        }
        try {
            if (settings.bypassAuthenticated() && request.getUserPrincipal() != null) {
                return true;
            }
            for (String role : roles) {
                if (request.isUserInRole(role)) {
                    return true;
                }
            }
            return rule != null && rule.test(request);
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /** Whether the request carries a valid cookie of the static secret or of the window's. */
    private boolean hasBypassCookie(HttpServletRequest request, BypassCookie bypass, WindowOptions window) {
        if (request.getHeader("Cookie") == null) {
            return false; // the common case while blocking: no cookies to parse
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        long now = clock.get().millis();
        BypassCookie windowCookie = window.bypassSecretHash() == null ? null : windowCookie(window.bypassSecretHash());
        for (Cookie c : cookies) {
            if (cookieName.equals(c.getName()) && ((bypass != null && bypass.isValid(c.getValue(), now))
                    || (windowCookie != null && windowCookie.isValid(c.getValue(), now)))) {
                return true;
            }
        }
        return false;
    }

    private BypassCookie windowCookie(String hash) {
        WindowCookie last = lastWindowCookie;
        if (last != null && last.hash().equals(hash)) {
            return last.cookie();
        }
        BypassCookie c = BypassCookie.forWindow(hash, cookieName, cookieTtl);
        lastWindowCookie = new WindowCookie(hash, c);
        return c;
    }

    /** A failing role check or rule: WARN once per exception class, DEBUG after. */
    private void failed(RuntimeException e) {
        String key = e.getClass().getName();
        if (loggedFailures.size() < MAX_LOGGED_FAILURES && loggedFailures.add(key)) {
            LOG.warn("Maintenance bypass rule failed, the request does not pass (logged once per exception class): {}",
                    e.toString(), e);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Maintenance bypass rule failed, the request does not pass: {}", e.toString());
        }
    }

    /**
     * Adds a fresh bypass cookie to the response; logged at INFO for a secret URL (a person
     * opening it), at DEBUG for the header (scripts send it with every request).
     */
    private void grant(HttpServletRequest request, HttpServletResponse response, BypassCookie cookie, boolean viaUrl) {
        long now = clock.get().millis();
        response.addHeader("Set-Cookie",
                cookie.setCookieHeader(cookie.issue(now), bypassCookiePath, isHttps(request), now));
        if (viaUrl) {
            LOG.info("Maintenance bypass cookie ({}) issued to {} through the secret URL, valid for {}",
                    cookie == settings.bypass() ? "static secret" : "window secret", clientAddress.resolve(request),
                    Durations.format(cookie.ttl()));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Maintenance bypass cookie issued to {} through the {} header", clientAddress.resolve(request),
                    BypassCookie.HEADER);
        }
    }

    /** Whether the request came over HTTPS, directly or (as a trusted proxy says) to the proxy. */
    private boolean isHttps(HttpServletRequest request) {
        return request.isSecure() || (clientAddress.peerIsTrusted(request)
                && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")));
    }

    private static boolean unreserved(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~')) {
                return false;
            }
        }
        return true;
    }
}
