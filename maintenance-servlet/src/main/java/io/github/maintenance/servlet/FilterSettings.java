package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.servlet.access.ExemptPaths;
import io.github.maintenance.servlet.access.IpRanges;
import io.github.maintenance.servlet.proxy.ProxySettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the {@link MaintenanceFilter} itself (what the controller decides is configured on
 * {@link io.github.maintenance.MaintenanceConfig}). Immutable; build with {@link #builder()}.
 * Every setting has a {@code web.xml} init-parameter of the same name, listed in
 * {@link InitParameters}.
 *
 * <p>Defaults: status 503, no exempt paths, no allowed client addresses, no trusted proxies,
 * no readiness path, page proxy with connect 2 s / read 5 s and the maintenance status.
 */
public final class FilterSettings {

    public static final int DEFAULT_STATUS_CODE = 503;

    private static final FilterSettings DEFAULTS = builder().build();

    private final int statusCode;
    private final ExemptPaths exemptPaths;
    private final IpRanges allowedIps;
    private final IpRanges trustedProxies;
    private final String readinessPath;
    private final ProxySettings proxy;

    private FilterSettings(Builder b, ExemptPaths exempt, IpRanges allowed, IpRanges trusted, String readiness) {
        this.statusCode = b.statusCode;
        this.exemptPaths = exempt;
        this.allowedIps = allowed;
        this.trustedProxies = trusted;
        this.readinessPath = readiness;
        this.proxy = b.proxy;
    }

    public static FilterSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Status of maintenance responses (default 503). */
    public int statusCode() {
        return statusCode;
    }

    /** Paths never blocked, whatever the route. */
    public ExemptPaths exemptPaths() {
        return exemptPaths;
    }

    /** Client addresses never blocked. */
    public IpRanges allowedIps() {
        return allowedIps;
    }

    /** Peers whose {@code X-Forwarded-For}/{@code Forwarded} headers are believed. */
    public IpRanges trustedProxies() {
        return trustedProxies;
    }

    /** The readiness path, or {@code null}. */
    public String readinessPath() {
        return readinessPath;
    }

    public ProxySettings proxy() {
        return proxy;
    }

    @Override
    public String toString() {
        return "statusCode=" + statusCode + ", exemptPaths=" + exemptPaths + ", allowedIps=" + allowedIps
                + ", trustedProxies=" + trustedProxies + ", readinessPath=" + readinessPath + ", proxy=" + proxy;
    }

    /** Builds {@link FilterSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private int statusCode = DEFAULT_STATUS_CODE;
        private final List<String> exemptPaths = new ArrayList<>();
        private final List<String> allowedIps = new ArrayList<>();
        private final List<String> trustedProxies = new ArrayList<>();
        private String readinessPath;
        private ProxySettings proxy = ProxySettings.defaults();

        private Builder() {
        }

        /** Status of maintenance responses: 200 to 599, default 503. */
        public Builder statusCode(int value) {
            this.statusCode = value;
            return this;
        }

        /** Path prefixes never blocked (segment-aware), added to those already given. */
        public Builder exemptPaths(String... paths) {
            exemptPaths.addAll(List.of(paths));
            return this;
        }

        /** Client addresses or CIDR ranges (IPv4, IPv6) never blocked. */
        public Builder allowedIps(String... ranges) {
            allowedIps.addAll(List.of(ranges));
            return this;
        }

        /** Proxies whose forwarding headers are believed. */
        public Builder trustedProxies(String... ranges) {
            trustedProxies.addAll(List.of(ranges));
            return this;
        }

        /** A path answering 200 while serving or in maintenance and 503 while draining. */
        public Builder readinessPath(String path) {
            this.readinessPath = path;
            return this;
        }

        public Builder proxy(ProxySettings value) {
            this.proxy = value;
            return this;
        }

        /** Shorthand for the most common proxy settings. */
        public Builder proxyTimeouts(Duration connect, Duration read) {
            this.proxy = new ProxySettings(connect, read, proxy.passUpstreamStatus(), proxy.forwardCookies(),
                    proxy.forwardAuthorization(), proxy.maxBodyBytes());
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws io.github.maintenance.MaintenanceException naming the invalid value
         */
        public FilterSettings build() {
            if (statusCode < 200 || statusCode > 599) {
                throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_CODE, statusCode, "must be 200 to 599");
            }
            if (proxy == null) {
                throw MaintenanceErrors.invalidConfig("proxy", null, "is required");
            }
            ExemptPaths exempt;
            try {
                exempt = ExemptPaths.of(exemptPaths);
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
            return new FilterSettings(this, exempt, allowed, trusted, readiness);
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
