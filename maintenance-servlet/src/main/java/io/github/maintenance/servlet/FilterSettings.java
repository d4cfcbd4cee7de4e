package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.access.CorsPolicy;
import io.github.maintenance.servlet.access.ExemptPaths;
import io.github.maintenance.servlet.access.ForwardedHeader;
import io.github.maintenance.servlet.access.IpRanges;
import io.github.maintenance.servlet.access.RedirectTarget;
import io.github.maintenance.servlet.proxy.ProxySettings;

import java.time.Duration;
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
    public static final Duration DEFAULT_STATUS_MAX_AGE = Duration.ofSeconds(5);

    private static final FilterSettings DEFAULTS = custom().build();

    private final int statusCode;
    private final ProxySettings proxy;
    private final ReadOnlyRule readOnlyRule;
    private final boolean retryAfterAsDate;
    private final HoldLimits hold;
    // Groups of settings, each validated in a class of its own.
    private final AccessSettings access;
    private final BypassRules bypassRules;
    private final FrontEndSettings frontEnd;

    private FilterSettings(Builder b, ReadOnlyRule readOnlyRule, HoldLimits hold, AccessSettings access,
            BypassRules bypassRules, FrontEndSettings frontEnd) {
        this.statusCode = b.statusCode;
        this.proxy = b.proxy;
        this.readOnlyRule = readOnlyRule;
        this.retryAfterAsDate = b.retryAfterAsDate;
        this.hold = hold;
        this.access = access;
        this.bypassRules = bypassRules;
        this.frontEnd = frontEnd;
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
        return access.exemptPaths();
    }

    /** {@return the client addresses never blocked} */
    public IpRanges allowedIps() {
        return access.allowedIps();
    }

    /** {@return the peers whose forwarding header ({@link #forwardedHeader()}) is believed} */
    public IpRanges trustedProxies() {
        return access.trustedProxies();
    }

    /** {@return the forwarding header read from trusted proxies (default {@code X-Forwarded-For})} */
    public ForwardedHeader forwardedHeader() {
        return access.forwardedHeader();
    }

    /** {@return the normalized readiness path, or {@code null} when there is none} */
    public String readinessPath() {
        return access.readinessPath();
    }

    /** {@return the settings of the custom-page proxy} */
    public ProxySettings proxy() {
        return proxy;
    }

    /** {@return the bypass secret and its cookie, or {@code null} when no secret is configured} */
    public BypassCookie bypass() {
        return access.bypass();
    }

    /** {@return whether {@code Retry-After} is a date when the end of the maintenance is known} */
    public boolean retryAfterAsDate() {
        return retryAfterAsDate;
    }

    /** {@return the most requests parked at once by a hold} */
    public int holdMaxRequests() {
        return hold.maxRequests();
    }

    /** {@return how long a hold parks a request when the maintenance entry gives no hold time} */
    public Duration holdTimeout() {
        return hold.timeout();
    }

    /** {@return the roles of which any lets a request pass ({@code request.isUserInRole}); empty for none} */
    public Set<String> bypassRoles() {
        return bypassRules.roles();
    }

    /** {@return whether any authenticated request ({@code getUserPrincipal() != null}) passes} */
    public boolean bypassAuthenticated() {
        return bypassRules.authenticated();
    }

    /** {@return the application's own rule for who passes, or {@code null} for none} */
    public Predicate<HttpServletRequest> bypassWhen() {
        return bypassRules.when();
    }

    /** {@return the CORS headers of the responses the filter writes; {@link CorsPolicy#none()} by default} */
    public CorsPolicy cors() {
        return frontEnd.cors();
    }

    /** {@return the normalized path of the status endpoint for front ends, or {@code null} when it is off} */
    public String statusPath() {
        return frontEnd.statusPath();
    }

    /** {@return how long answers of the status endpoint may be cached (default 5 s)} */
    public Duration statusMaxAge() {
        return frontEnd.statusMaxAge();
    }

    /** Which requests pass in read-only maintenance. */
    ReadOnlyRule readOnlyRule() {
        return readOnlyRule;
    }

    /** {@return where maintenance responses redirect to instead of serving the page, or {@code null}} */
    public RedirectTarget redirect() {
        return access.redirect();
    }

    /** Describes the settings; a bypass secret is never shown. */
    @Override
    public String toString() {
        AccessSettings a = access;
        return "statusCode=" + statusCode + ", exemptPaths=" + a.exemptPaths() + ", allowedIps=" + a.allowedIps()
                + ", trustedProxies=" + a.trustedProxies() + ", forwardedHeader=" + a.forwardedHeader()
                + ", readinessPath=" + a.readinessPath() + ", proxy=" + proxy
                + ", bypass=" + (a.bypass() == null ? "off" : a.bypass())
                + ", redirect=" + (a.redirect() == null ? "off" : a.redirect())
                + ", bypassRoles=" + bypassRules.roles() + ", bypassAuthenticated=" + bypassRules.authenticated()
                + ", bypassWhen=" + (bypassRules.when() == null ? "off" : "set") + ", cors=" + frontEnd.cors()
                + ", statusPath=" + (frontEnd.statusPath() == null ? "off" : frontEnd.statusPath());
    }

    /** Builds {@link FilterSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private int statusCode = DEFAULT_STATUS_CODE;
        private ProxySettings proxy = ProxySettings.ofDefaults();
        private String readOnlyAllow;
        private boolean retryAfterAsDate = true;
        private int holdMaxRequests = 1000;
        private Duration holdTimeout = Duration.ofSeconds(30);
        private final AccessSettings.Draft access = new AccessSettings.Draft();
        private final BypassRules.Draft bypassRules = new BypassRules.Draft();
        private final FrontEndSettings.Draft frontEnd = new FrontEndSettings.Draft();

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
            bypassRules.roles.addAll(List.of(roles));
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
            bypassRules.authenticated = value;
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
            bypassRules.when = rule;
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
            access.exemptPaths.addAll(List.of(paths));
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
            access.exemptRobotsTxt = exempt;
            return this;
        }

        /**
         * Client addresses or CIDR ranges (IPv4, IPv6) never blocked.
         *
         * @param ranges addresses such as {@code 10.0.0.7} or ranges such as {@code 10.0.0.0/8}
         * @return this builder
         */
        public Builder allowedIps(String... ranges) {
            access.allowedIps.addAll(List.of(ranges));
            return this;
        }

        /**
         * Proxies whose forwarding header is believed, added to those already given.
         *
         * @param ranges the proxies' addresses or CIDR ranges (IPv4, IPv6)
         * @return this builder
         */
        public Builder trustedProxies(String... ranges) {
            access.trustedProxies.addAll(List.of(ranges));
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
            access.forwardedHeader = value;
            return this;
        }

        /**
         * A path answering 200 while serving or in maintenance and 503 while draining.
         *
         * @param path the path, or {@code null} or blank for none
         * @return this builder
         */
        public Builder readinessPath(String path) {
            access.readinessPath = path;
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
        public Builder holdTimeout(Duration timeout) {
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
            access.bypassSecret = secret;
            return this;
        }

        /**
         * The path under which the secret URL lies; default {@code /}, so the URL is {@code /<secret>}.
         *
         * @param path an absolute path
         * @return this builder
         */
        public Builder bypassPath(String path) {
            access.bypassPath = path;
            return this;
        }

        /**
         * The bypass cookie's name; default {@value BypassCookie#DEFAULT_COOKIE_NAME}.
         *
         * @param name letters, digits, {@code -} and {@code _}
         * @return this builder
         */
        public Builder bypassCookieName(String name) {
            access.bypassCookieName = name;
            return this;
        }

        /**
         * The bypass cookie's lifetime, 1 s to 30 days; default 12 h.
         *
         * @param ttl the lifetime
         * @return this builder
         */
        public Builder bypassTtl(Duration ttl) {
            access.bypassTtl = ttl;
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
            access.redirectUrl = url;
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
            access.redirectUrl = url;
            access.redirectStatus = status;
            return this;
        }

        /**
         * Origins whose scripts may read the filter's own responses (the maintenance page and its
         * JSON, drain rejections, the status endpoint), added to those already given: exact
         * origins such as {@code https://app.example.test}, or {@code *} alone for any origin
         * (without credentials). Preflights to blocked routes are then answered by the filter. See
         * {@link CorsPolicy}. Default none.
         *
         * @param origins the origins
         * @return this builder
         */
        public Builder corsAllowedOrigins(String... origins) {
            frontEnd.corsAllowedOrigins.addAll(List.of(origins));
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
            frontEnd.corsAllowCredentials = allow;
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
            frontEnd.statusPath = path;
            return this;
        }

        /**
         * How long answers of the status endpoint may be cached ({@code Cache-Control: public,
         * max-age=N}), 0 (then {@code no-store}) to 1 h in whole seconds; default 5 s.
         *
         * @param maxAge the time
         * @return this builder
         */
        public Builder statusMaxAge(Duration maxAge) {
            frontEnd.statusMaxAge = maxAge;
            return this;
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
            AccessSettings builtAccess = access.build();
            HoldLimits hold = new HoldLimits(holdMaxRequests, holdTimeout);
            ReadOnlyRule readOnly = ReadOnlyRule.parse(readOnlyAllow);
            BypassRules builtRules = bypassRules.build();
            return new FilterSettings(this, readOnly, hold, builtAccess, builtRules,
                    frontEnd.build(builtAccess.readinessPath()));
        }
    }
}
