package io.github.maintenance.servlet.access;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The CORS headers of the responses the maintenance filter writes itself (the maintenance page,
 * its JSON, the drain rejection, the status endpoint) and its answer to CORS preflights on
 * blocked routes, so that a single-page application on another origin can read the maintenance
 * JSON and its {@code Retry-After}.
 *
 * <p>The allowed origins are exact {@code scheme://host[:port]} origins (http or https, no path;
 * a default port is dropped, host and scheme are lower-cased, as browsers send them), or
 * {@code *} alone for any origin. A request whose {@code Origin} is allowed gets
 * {@code Access-Control-Allow-Origin} (its origin echoed, or {@code *}) and
 * {@code Access-Control-Expose-Headers: Retry-After, X-Maintenance-Mode, X-Drain-Mode, X-Circuit-State};
 * with {@code allowCredentials}, an echoed origin also gets
 * {@code Access-Control-Allow-Credentials: true} (refused together with {@code *}). While
 * origins are listed (not {@code *}), every such response carries {@code Vary: Origin}, whatever
 * the request's origin. A request from another origin, or with none, gets no CORS header.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 * is answered {@code 204}: for an allowed origin with the requested method and headers
 * (checked to be HTTP tokens) and {@code Access-Control-Max-Age: 60}; for any other origin, or
 * a malformed request, without CORS headers, so the browser fails it cleanly.
 *
 * <p>Immutable and thread-safe.
 */
public final class CorsPolicy {

    /** The headers of a maintenance response a script may read. */
    public static final String EXPOSED_HEADERS = "Retry-After, X-Maintenance-Mode, X-Drain-Mode, X-Circuit-State";

    /** How long a browser may keep a preflight answer, in seconds: short, as maintenance ends soon. */
    public static final int PREFLIGHT_MAX_AGE_SECONDS = 60;

    /** The longest {@code Access-Control-Request-Headers} value answered. */
    static final int MAX_REQUEST_HEADERS_LENGTH = 1024;

    private static final String ORIGINS = "corsAllowedOrigins";
    private static final String CREDENTIALS = "corsAllowCredentials";
    private static final CorsPolicy OFF = new CorsPolicy(Set.of(), false, false);

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final boolean allowCredentials;

    private CorsPolicy(Set<String> origins, boolean anyOrigin, boolean allowCredentials) {
        this.origins = origins;
        this.anyOrigin = anyOrigin;
        this.allowCredentials = allowCredentials;
    }

    /** {@return the policy allowing no origin: no CORS header on any response} */
    public static CorsPolicy none() {
        return OFF;
    }

    /**
     * Validates and builds.
     *
     * @param allowedOrigins exact origins such as {@code https://app.example.test}, or {@code *} alone
     * @param allowCredentials whether echoed origins also get {@code Access-Control-Allow-Credentials: true}
     * @return the policy
     * @throws MaintenanceException naming the bad origin and the rule
     */
    public static CorsPolicy of(List<String> allowedOrigins, boolean allowCredentials) {
        Set<String> set = new LinkedHashSet<>();
        boolean any = false;
        for (String raw : allowedOrigins) {
            String o = raw == null ? "" : raw.trim();
            if (o.equals("*")) {
                any = true;
            } else {
                set.add(normalize(o));
            }
        }
        if (any && !set.isEmpty()) {
            throw MaintenanceErrors.invalidConfig(ORIGINS, String.join(",", allowedOrigins),
                    "'*' allows every origin and cannot be combined with listed origins");
        }
        if (allowCredentials && any) {
            throw MaintenanceErrors.invalidConfig(CREDENTIALS, true,
                    "cannot be used with " + ORIGINS + "=* (browsers refuse credentials with a wildcard origin)");
        }
        if (allowCredentials && set.isEmpty()) {
            throw MaintenanceErrors.invalidConfig(CREDENTIALS, true, "needs " + ORIGINS);
        }
        if (!any && set.isEmpty()) {
            return OFF;
        }
        return new CorsPolicy(java.util.Collections.unmodifiableSet(set), any, allowCredentials);
    }

    /** The origin as browsers serialise it; refuses anything else. */
    private static String normalize(String origin) {
        if (origin.isEmpty()) {
            throw MaintenanceErrors.invalidConfig(ORIGINS, origin, "an empty origin");
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw MaintenanceErrors.invalidConfig(ORIGINS, origin, "not an origin: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw MaintenanceErrors.invalidConfig(ORIGINS, origin, "expected http://host[:port] or https://host[:port], or *");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw MaintenanceErrors.invalidConfig(ORIGINS, origin, "needs a host and no user info");
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw MaintenanceErrors.invalidConfig(ORIGINS, origin, "an origin has no path, query or fragment");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** {@return whether some origin is allowed} */
    public boolean isEnabled() {
        return anyOrigin || !origins.isEmpty();
    }

    /**
     * {@return whether a request with this {@code Origin} header value gets CORS headers}
     *
     * @param origin the request's {@code Origin}, or {@code null}
     */
    public boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin));
    }

    /** {@return whether echoed origins get {@code Access-Control-Allow-Credentials: true}} */
    public boolean allowCredentials() {
        return allowCredentials;
    }

    /**
     * {@return whether the request is a CORS preflight: {@code OPTIONS} with {@code Origin} and
     * {@code Access-Control-Request-Method}}
     *
     * @param request the request
     */
    public static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /**
     * The value {@code Vary} gets on responses written under this policy: {@code base} with
     * {@code Origin} added while origins are listed.
     *
     * @param base the response's own {@code Vary}, or {@code null}
     * @return the value to send, or {@code null} for none
     */
    public String vary(String base) {
        if (anyOrigin || origins.isEmpty()) {
            return base;
        }
        return base == null || base.isEmpty() ? "Origin" : base + ", Origin";
    }

    /**
     * Adds the CORS headers of a response the filter writes (not {@code Vary}: see {@link #vary}).
     *
     * @param request the request, whose {@code Origin} is read
     * @param response the response, not committed yet
     * @param exposeHeaders whether to add {@code Access-Control-Expose-Headers} ({@link #EXPOSED_HEADERS})
     */
    public void addHeaders(HttpServletRequest request, HttpServletResponse response, boolean exposeHeaders) {
        if (!isEnabled()) {
            return;
        }
        String origin = request.getHeader("Origin");
        if (!allows(origin)) {
            return;
        }
        allowOrigin(response, origin);
        if (exposeHeaders) {
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    private void allowOrigin(HttpServletResponse response, String origin) {
        response.setHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        if (allowCredentials && !anyOrigin) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    /**
     * Answers a preflight ({@link #isPreflight}) with {@code 204}: with the CORS headers when its
     * origin is allowed and its requested method and headers are well formed, without otherwise.
     *
     * @param request the preflight
     * @param response its response, not committed yet
     */
    public void answerPreflight(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        String vary = vary(null);
        if (vary != null) {
            response.setHeader("Vary", vary + ", Access-Control-Request-Method, Access-Control-Request-Headers");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
        String origin = request.getHeader("Origin");
        String method = request.getHeader("Access-Control-Request-Method");
        List<String> headers = requestedHeaders(request.getHeader("Access-Control-Request-Headers"));
        if (!allows(origin) || method == null || !isToken(method) || headers == null) {
            return;
        }
        allowOrigin(response, origin);
        response.setHeader("Access-Control-Allow-Methods", method);
        if (!headers.isEmpty()) {
            response.setHeader("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        response.setHeader("Access-Control-Max-Age", Integer.toString(PREFLIGHT_MAX_AGE_SECONDS));
    }

    /** The requested header names; empty for none; {@code null} when malformed or too long. */
    static List<String> requestedHeaders(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        if (value.length() > MAX_REQUEST_HEADERS_LENGTH) {
            return null;
        }
        for (String item : value.split(",", -1)) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!isToken(name)) {
                return null;
            }
            out.add(name);
        }
        return out;
    }

    /** Whether {@code s} is an HTTP token (RFC 9110, section 5.6.2). */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Describes the policy: {@code off}, {@code *} or the origins (and credentials). */
    @Override
    public String toString() {
        if (!isEnabled()) {
            return "off";
        }
        return (anyOrigin ? "*" : String.join(",", origins)) + (allowCredentials ? " with credentials" : "");
    }
}
