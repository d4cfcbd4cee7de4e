package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.access.ExemptPaths;
import io.github.maintenance.servlet.access.ForwardedHeader;
import io.github.maintenance.servlet.access.IpRanges;
import io.github.maintenance.servlet.access.RedirectTarget;
import io.github.maintenance.servlet.proxy.ProxySettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Settings of the {@link MaintenanceFilter} itself (what the controller decides is configured on
 * {@link io.github.maintenance.MaintenanceConfig}). Immutable; build with {@link #custom()}.
 * Every setting has a {@code web.xml} init-parameter of the same name, listed in
 * {@link InitParameters}.
 *
 * <p>Defaults: status 503, no exempt paths, no allowed client addresses, no trusted proxies (their
 * {@code X-Forwarded-For} read once some are configured),
 * no readiness path, page proxy with connect 2 s / read 5 s and the maintenance status, no bypass
 * secret, no redirect.
 */
public final class FilterSettings {

    /** The default status of maintenance responses, 503 Service Unavailable. */
    public static final int DEFAULT_STATUS_CODE = 503;

    /** How long answers of the status endpoint may be cached by default, 5 s. */
    public static final java.time.Duration DEFAULT_STATUS_MAX_AGE = java.time.Duration.ofSeconds(5);

    private static final FilterSettings DEFAULTS = custom().build();

    private final int statusCode;
    private final ExemptPaths exemptPaths;
    private final IpRanges allowedIps;
    private final IpRanges trustedProxies;
    private final ForwardedHeader forwardedHeader;
    private final String readinessPath;
    private final ProxySettings proxy;
    private final BypassCookie bypass;
    private final RedirectTarget redirect;
    private final ReadOnlyRule readOnlyRule;
    private final boolean retryAfterAsDate;
    private final int holdMaxRequests;
    private final java.time.Duration holdTimeout;
    // Who else may pass (beyond addresses and secrets).
    private final Set<String> bypassRoles;
    private final boolean bypassAuthenticated;
    private final Predicate<HttpServletRequest> bypassWhen;
    // Front ends: CORS on the filter's own responses and the status endpoint.
    private final io.github.maintenance.servlet.access.CorsPolicy cors;
    private final String statusPath;
    private final java.time.Duration statusMaxAge;

    private FilterSettings(Builder b, ExemptPaths exempt, IpRanges allowed, IpRanges trusted, String readiness,
            BypassCookie bypass, RedirectTarget redirect, ReadOnlyRule readOnlyRule) {
        this.readOnlyRule = readOnlyRule;
        this.cors = b.builtCors;
        this.statusPath = b.builtStatusPath;
        this.statusMaxAge = b.statusMaxAge;
        this.retryAfterAsDate = b.retryAfterAsDate;
        this.holdMaxRequests = b.holdMaxRequests;
        this.holdTimeout = b.holdTimeout;
        this.statusCode = b.statusCode;
        this.exemptPaths = exempt;
        this.allowedIps = allowed;
        this.trustedProxies = trusted;
        this.forwardedHeader = b.forwardedHeader;
        this.readinessPath = readiness;
        this.proxy = b.proxy;
        this.bypass = bypass;
        this.redirect = redirect;
        this.bypassRoles = Set.copyOf(b.bypassRoles);
        this.bypassAuthenticated = b.bypassAuthenticated;
        this.bypassWhen = b.bypassWhen;
    }

    /** {@return the settings with every default (see above)} */
    public static FilterSettings ofDefaults() {
        return DEFAULTS;
    }

    /** {@return a builder starting from the defaults} */
    public static Builder custom() {
        return new Builder();
    }

    /** {@return the status of maintenance responses, 200 to 599 (default 503)} */
    public int statusCode() {
        return statusCode;
    }

    /** {@return the paths never blocked, whatever the route} */
    public ExemptPaths exemptPaths() {
        return exemptPaths;
    }

    /** {@return the client addresses never blocked} */
    public IpRanges allowedIps() {
        return allowedIps;
    }

    /** {@return the peers whose forwarding header ({@link #forwardedHeader()}) is believed} */
    public IpRanges trustedProxies() {
        return trustedProxies;
    }

    /** {@return the forwarding header read from trusted proxies (default {@code X-Forwarded-For})} */
    public ForwardedHeader forwardedHeader() {
        return forwardedHeader;
    }

    /** {@return the normalized readiness path, or {@code null} when there is none} */
    public String readinessPath() {
        return readinessPath;
    }

    /** {@return the settings of the custom-page proxy} */
    public ProxySettings proxy() {
        return proxy;
    }

    /** {@return the bypass secret and its cookie, or {@code null} when no secret is configured} */
    public BypassCookie bypass() {
        return bypass;
    }

    /** {@return whether {@code Retry-After} is a date when the end of the maintenance is known} */
    public boolean retryAfterAsDate() {
        return retryAfterAsDate;
    }

    /** {@return the most requests parked at once by a hold} */
    public int holdMaxRequests() {
        return holdMaxRequests;
    }

    /** {@return how long a hold parks a request when the maintenance entry gives no hold time} */
    public java.time.Duration holdTimeout() {
        return holdTimeout;
    }

    /** {@return the roles of which any lets a request pass ({@code request.isUserInRole}); empty for none} */
    public Set<String> bypassRoles() {
        return bypassRoles;
    }

    /** {@return whether any authenticated request ({@code getUserPrincipal() != null}) passes} */
    public boolean bypassAuthenticated() {
        return bypassAuthenticated;
    }

    /** {@return the application's own rule for who passes, or {@code null} for none} */
    public Predicate<HttpServletRequest> bypassWhen() {
        return bypassWhen;
    }

    /** {@return the CORS headers of the responses the filter writes; {@link io.github.maintenance.servlet.access.CorsPolicy#none()} by default} */
    public io.github.maintenance.servlet.access.CorsPolicy cors() {
        return cors;
    }

    /** {@return the normalized path of the status endpoint for front ends, or {@code null} when it is off} */
    public String statusPath() {
        return statusPath;
    }

    /** {@return how long answers of the status endpoint may be cached (default 5 s)} */
    public java.time.Duration statusMaxAge() {
        return statusMaxAge;
    }

    /** Which requests pass in read-only maintenance. */
    ReadOnlyRule readOnlyRule() {
        return readOnlyRule;
    }

    /** {@return where maintenance responses redirect to instead of serving the page, or {@code null}} */
    public RedirectTarget redirect() {
        return redirect;
    }

    /** Describes the settings; a bypass secret is never shown. */
    @Override
    public String toString() {
        return "statusCode=" + statusCode + ", exemptPaths=" + exemptPaths + ", allowedIps=" + allowedIps
                + ", trustedProxies=" + trustedProxies + ", forwardedHeader=" + forwardedHeader + ", readinessPath="
                + readinessPath + ", proxy=" + proxy
                + ", bypass=" + (bypass == null ? "off" : bypass) + ", redirect=" + (redirect == null ? "off" : redirect)
                + ", bypassRoles=" + bypassRoles + ", bypassAuthenticated=" + bypassAuthenticated
                + ", bypassWhen=" + (bypassWhen == null ? "off" : "set")
                + ", cors=" + cors + ", statusPath=" + (statusPath == null ? "off" : statusPath);
    }

    /** Builds {@link FilterSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private int statusCode = DEFAULT_STATUS_CODE;
        private final List<String> exemptPaths = new ArrayList<>();
        private boolean exemptRobotsTxt = true;
        private final List<String> allowedIps = new ArrayList<>();
        private final List<String> trustedProxies = new ArrayList<>();
        private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        private String readinessPath;
        private String readOnlyAllow;
        private boolean retryAfterAsDate = true;
        private int holdMaxRequests = 1000;
        private java.time.Duration holdTimeout = java.time.Duration.ofSeconds(30);
        private ProxySettings proxy = ProxySettings.ofDefaults();
        private String bypassSecret;
        private String bypassPath = BypassCookie.DEFAULT_PATH;
        private String bypassCookieName = BypassCookie.DEFAULT_COOKIE_NAME;
        private Duration bypassTtl = BypassCookie.DEFAULT_TTL;
        private String redirectUrl;
        private int redirectStatus = RedirectTarget.DEFAULT_STATUS;
        private final Set<String> bypassRoles = new LinkedHashSet<>();
        private boolean bypassAuthenticated;
        private Predicate<HttpServletRequest> bypassWhen;
        // Front ends.
        private final List<String> corsAllowedOrigins = new ArrayList<>();
        private boolean corsAllowCredentials;
        private String statusPathValue;
        private java.time.Duration statusMaxAge = DEFAULT_STATUS_MAX_AGE;
        private io.github.maintenance.servlet.access.CorsPolicy builtCors;
        private String builtStatusPath;

        private Builder() {
        }

        /**
         * Roles of which any lets a request through maintenance, read-only, hold, drain and an
         * open circuit ({@code request.isUserInRole(role)}), added to those already given. The
         * authentication (the container's security, Spring Security or another filter) must run
         * before the maintenance filter, or no request has a role yet when it asks.
         *
         * @param roles role names: visible characters, no whitespace or comma, not {@code *} or {@code **}
         * @return this builder
         */
        public Builder bypassRoles(String... roles) {
            bypassRoles.addAll(List.of(roles));
            return this;
        }

        /**
         * Whether every authenticated request ({@code request.getUserPrincipal() != null}) passes,
         * as {@link #bypassRoles} do (default {@code false}); the authentication must run before
         * the maintenance filter.
         *
         * @param value {@code true} to let authenticated requests through
         * @return this builder
         */
        public Builder bypassAuthenticated(boolean value) {
            this.bypassAuthenticated = value;
            return this;
        }

        /**
         * The application's own rule: a request for which {@code rule} returns {@code true} passes
         * to the application wherever it would be blocked (maintenance, read-only, hold, drain,
         * open circuit), like an allowed address. It runs only for requests that would be
         * blocked, after the other exemptions, on the request thread; it must be fast and
         * thread-safe. An exception it throws counts as {@code false} and is logged at WARN
         * (once per exception class). Replaces a rule given before; {@code null} removes it.
         *
         * @param rule the rule, or {@code null}
         * @return this builder
         */
        public Builder bypassWhen(Predicate<HttpServletRequest> rule) {
            this.bypassWhen = rule;
            return this;
        }

        /**
         * Status of maintenance responses: 200 to 599, default 503.
         *
         * @param value the status, checked by {@link #build()}
         * @return this builder
         */
        public Builder statusCode(int value) {
            this.statusCode = value;
            return this;
        }

        /**
         * Path prefixes never blocked (segment-aware), added to those already given.
         *
         * @param paths path prefixes such as {@code /health}
         * @return this builder
         */
        public Builder exemptPaths(String... paths) {
            exemptPaths.addAll(List.of(paths));
            return this;
        }

        /**
         * Whether {@code /robots.txt} is never blocked (default {@code true}): a 5xx answer for it
         * makes crawlers treat the whole host as disallowed (RFC 9309, section 2.3.1.4).
         *
         * @param exempt {@code false} to block {@code /robots.txt} like any other path
         * @return this builder
         */
        public Builder exemptRobotsTxt(boolean exempt) {
            this.exemptRobotsTxt = exempt;
            return this;
        }

        /**
         * Client addresses or CIDR ranges (IPv4, IPv6) never blocked.
         *
         * @param ranges addresses such as {@code 10.0.0.7} or ranges such as {@code 10.0.0.0/8}
         * @return this builder
         */
        public Builder allowedIps(String... ranges) {
            allowedIps.addAll(List.of(ranges));
            return this;
        }

        /**
         * Proxies whose forwarding header is believed, added to those already given.
         *
         * @param ranges the proxies' addresses or CIDR ranges (IPv4, IPv6)
         * @return this builder
         */
        public Builder trustedProxies(String... ranges) {
            trustedProxies.addAll(List.of(ranges));
            return this;
        }

        /**
         * The header the trusted proxies set, the only one read: {@code X_FORWARDED_FOR} (the
         * default), {@code FORWARDED}, or {@code NONE} to take the direct peer as the client. The
         * other header is ignored, so that a client cannot pass its own through a proxy that does
         * not strip it.
         *
         * @param value the header to read; not {@code null}
         * @return this builder
         */
        public Builder forwardedHeader(ForwardedHeader value) {
            this.forwardedHeader = value;
            return this;
        }

        /**
         * A path answering 200 while serving or in maintenance and 503 while draining.
         *
         * @param path the path, or {@code null} or blank for none
         * @return this builder
         */
        public Builder readinessPath(String path) {
            this.readinessPath = path;
            return this;
        }

        /**
         * How {@code Retry-After} is written: {@code true} (default) for an IMF-fixdate when the
         * maintenance has a known end still ahead ({@code until}), seconds otherwise; {@code false}
         * for seconds always.
         *
         * @param asDate whether to write the known end as a date
         * @return this builder
         */
        public Builder retryAfterAsDate(boolean asDate) {
            this.retryAfterAsDate = asDate;
            return this;
        }

        /**
         * The most requests a hold parks at once (default 1000, 1 to 100000); beyond it requests
         * get the maintenance response at once.
         *
         * @param max the bound
         * @return this builder
         */
        public Builder holdMaxRequests(int max) {
            this.holdMaxRequests = max;
            return this;
        }

        /**
         * How long a hold parks a request when the maintenance entry gives no hold time (default
         * 30 s, 1 s to 5 min).
         *
         * @param timeout the time
         * @return this builder
         */
        public Builder holdTimeout(java.time.Duration timeout) {
            this.holdTimeout = timeout;
            return this;
        }

        /**
         * Requests that pass in read-only maintenance besides the safe methods (GET, HEAD, OPTIONS,
         * TRACE): comma-separated {@code METHOD /path-prefix} pairs, e.g. {@code "POST /login, PUT /api/session"}.
         *
         * @param pairs the pairs, or {@code null} or blank for none
         * @return this builder
         */
        public Builder readOnlyAllow(String pairs) {
            this.readOnlyAllow = pairs;
            return this;
        }

        /**
         * The settings of the custom-page proxy (default {@link ProxySettings#ofDefaults()}).
         *
         * @param value the settings; not {@code null}
         * @return this builder
         */
        public Builder proxy(ProxySettings value) {
            this.proxy = value;
            return this;
        }

        /**
         * Replaces the proxy's time-outs, keeping its other settings: shorthand for the most common ones.
         *
         * @param connect the time-out for connecting to the page's server
         * @param read the time-out for reading its answer
         * @return this builder
         */
        public Builder proxyTimeouts(Duration connect, Duration read) {
            this.proxy = proxy.withTimeouts(connect, read);
            return this;
        }

        /**
         * The bypass secret (16 to 256 letters, digits, {@code - . _ ~}; e.g. from
         * {@code openssl rand -hex 16}): a request to {@code <bypassPath>/<secret>} or with the
         * header {@code X-Maintenance-Bypass: <secret>} gets a signed cookie that lets it through
         * maintenance and drain. {@code null} (the default) turns the bypass off. See
         * {@link BypassCookie}.
         *
         * @param secret the secret, or {@code null}
         * @return this builder
         */
        public Builder bypassSecret(String secret) {
            this.bypassSecret = secret;
            return this;
        }

        /**
         * The path under which the secret URL lies; default {@code /}, so the URL is {@code /<secret>}.
         *
         * @param path an absolute path
         * @return this builder
         */
        public Builder bypassPath(String path) {
            this.bypassPath = path;
            return this;
        }

        /**
         * The bypass cookie's name; default {@value BypassCookie#DEFAULT_COOKIE_NAME}.
         *
         * @param name letters, digits, {@code -} and {@code _}
         * @return this builder
         */
        public Builder bypassCookieName(String name) {
            this.bypassCookieName = name;
            return this;
        }

        /**
         * The bypass cookie's lifetime, 1 s to 30 days; default 12 h.
         *
         * @param ttl the lifetime
         * @return this builder
         */
        public Builder bypassTtl(Duration ttl) {
            this.bypassTtl = ttl;
            return this;
        }

        /**
         * Redirect mode: answer maintenance (with the built-in page, that is without a custom page
         * URL) with a 302 to {@code url} instead of the page. A path is within the application; an
         * absolute http(s) URL is sent as is. The target itself is exempt. {@code null} turns it off.
         *
         * @param url a path or an absolute http(s) URL, or {@code null}
         * @return this builder
         */
        public Builder redirect(String url) {
            this.redirectUrl = url;
            return this;
        }

        /**
         * Redirect mode with the status: 302 or 307.
         *
         * @param url a path or an absolute http(s) URL, or {@code null}
         * @param status 302 or 307
         * @return this builder
         */
        public Builder redirect(String url, int status) {
            this.redirectUrl = url;
            this.redirectStatus = status;
            return this;
        }

        /**
         * Origins whose scripts may read the filter's own responses (the maintenance page and its
         * JSON, drain rejections, the status endpoint), added to those already given: exact
         * origins such as {@code https://app.example.test}, or {@code *} alone for any origin
         * (without credentials). Preflights to blocked routes are then answered by the filter. See
         * {@link io.github.maintenance.servlet.access.CorsPolicy}. Default none.
         *
         * @param origins the origins
         * @return this builder
         */
        public Builder corsAllowedOrigins(String... origins) {
            corsAllowedOrigins.addAll(List.of(origins));
            return this;
        }

        /**
         * Whether responses to a listed (echoed) origin also carry
         * {@code Access-Control-Allow-Credentials: true}, so that a script fetching with
         * credentials can read them (default {@code false}; needs listed origins, not {@code *}).
         *
         * @param allow whether to allow credentials
         * @return this builder
         */
        public Builder corsAllowCredentials(boolean allow) {
            this.corsAllowCredentials = allow;
            return this;
        }

        /**
         * The path of the status endpoint for front ends (JSON: maintenance, mode, draining,
         * until, message, the announced window), answered by the filter and never blocked.
         *
         * @param path an absolute path such as {@code /maintenance-status}, or {@code null} or blank for none (the default)
         * @return this builder
         */
        public Builder statusPath(String path) {
            this.statusPathValue = path;
            return this;
        }

        /**
         * How long answers of the status endpoint may be cached ({@code Cache-Control: public,
         * max-age=N}), 0 (then {@code no-store}) to 1 h in whole seconds; default 5 s.
         *
         * @param maxAge the time
         * @return this builder
         */
        public Builder statusMaxAge(java.time.Duration maxAge) {
            this.statusMaxAge = maxAge;
            return this;
        }

        /** Validates the front-end settings into {@link #builtCors} and {@link #builtStatusPath}. */
        private void buildFrontEnd(String readiness) {
            builtCors = io.github.maintenance.servlet.access.CorsPolicy.of(corsAllowedOrigins, corsAllowCredentials);
            builtStatusPath = null;
            if (statusPathValue != null && !statusPathValue.isBlank()) {
                try {
                    builtStatusPath = io.github.maintenance.route.Route.normalizePath(statusPathValue.trim());
                } catch (RuntimeException e) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_PATH, statusPathValue, e.getMessage());
                }
                if (builtStatusPath.equals("/")) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_PATH, statusPathValue,
                            "must not be / (it would answer every request to the root)");
                }
                if (builtStatusPath.equals(readiness)) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_PATH, statusPathValue,
                            "is also the readiness path");
                }
            }
            if (statusMaxAge == null || statusMaxAge.isNegative() || statusMaxAge.getNano() != 0
                    || statusMaxAge.compareTo(java.time.Duration.ofHours(1)) > 0) {
                throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_MAX_AGE, statusMaxAge, "0s to 1h in whole seconds");
            }
        }

        /**
         * Validates and builds.
         *
         * @throws io.github.maintenance.MaintenanceException naming the invalid value
         * @return the settings
         */
        public FilterSettings build() {
            if (statusCode < 200 || statusCode > 599) {
                throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_CODE, statusCode, "must be 200 to 599");
            }
            if (proxy == null) {
                throw MaintenanceErrors.invalidConfig("proxy", null, "is required");
            }
            if (forwardedHeader == null) {
                throw MaintenanceErrors.invalidConfig(InitParameters.FORWARDED_HEADER, null, "is required");
            }
            ExemptPaths exempt;
            try {
                List<String> paths = new ArrayList<>(exemptPaths);
                if (exemptRobotsTxt) {
                    paths.add("/robots.txt");
                }
                exempt = ExemptPaths.of(paths);
            } catch (IllegalArgumentException e) {
                throw MaintenanceErrors.invalidConfig(InitParameters.EXEMPT_PATHS, exemptPaths, e.getMessage());
            }
            IpRanges allowed = parseRanges(InitParameters.ALLOWED_IPS, allowedIps);
            IpRanges trusted = parseRanges(InitParameters.TRUSTED_PROXIES, trustedProxies);
            String readiness = null;
            if (readinessPath != null && !readinessPath.isBlank()) {
                try {
                    readiness = io.github.maintenance.route.Route.normalizePath(readinessPath.trim());
                } catch (IllegalArgumentException e) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.READINESS_PATH, readinessPath, e.getMessage());
                }
            }
            BypassCookie bypass = bypassSecret == null ? null
                    : BypassCookie.of(bypassSecret, bypassPath, bypassCookieName, bypassTtl);
            RedirectTarget redirect = redirectUrl == null ? null : RedirectTarget.of(redirectUrl, redirectStatus);
            if (holdMaxRequests < 1 || holdMaxRequests > 100_000) {
                throw MaintenanceErrors.invalidConfig(InitParameters.HOLD_MAX_REQUESTS, holdMaxRequests, "1 to 100000");
            }
            if (holdTimeout == null || holdTimeout.getSeconds() < 1 || holdTimeout.compareTo(java.time.Duration.ofMinutes(5)) > 0) {
                throw MaintenanceErrors.invalidConfig(InitParameters.HOLD_TIMEOUT, holdTimeout, "1s to 5m");
            }
            ReadOnlyRule readOnly;
            try {
                readOnly = ReadOnlyRule.parse(readOnlyAllow);
            } catch (IllegalArgumentException e) {
                throw MaintenanceErrors.invalidConfig(InitParameters.READ_ONLY_ALLOW, readOnlyAllow, e.getMessage());
            }
            checkRoles(bypassRoles);
            buildFrontEnd(readiness);
            return new FilterSettings(this, exempt, allowed, trusted, readiness, bypass, redirect, readOnly);
        }

        private static void checkRoles(Set<String> roles) {
            for (String role : roles) {
                if (role == null || role.isEmpty() || role.length() > 128) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_ROLES, role, "a role name of 1 to 128 characters");
                }
                if (role.equals("*") || role.equals("**")) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_ROLES, role,
                            "not a role; to let every signed-in user through use " + InitParameters.BYPASS_AUTHENTICATED);
                }
                for (int i = 0; i < role.length(); i++) {
                    char c = role.charAt(i);
                    if (c <= ' ' || c == 0x7f || c == ',' || Character.isWhitespace(c)) {
                        throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_ROLES, role,
                                "a role name may not contain whitespace, control characters or ','");
                    }
                }
            }
        }

        private static IpRanges parseRanges(String key, List<String> values) {
            try {
                return IpRanges.parse(key, values);
            } catch (IllegalArgumentException e) {
                throw new io.github.maintenance.MaintenanceException(e.getMessage());
            }
        }
    }
}
