package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.access.ExemptPaths;
import io.github.maintenance.servlet.access.ForwardedHeader;
import io.github.maintenance.servlet.access.IpRanges;
import io.github.maintenance.servlet.access.RedirectTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated settings of which requests the filter lets through or sends elsewhere by path,
 * address or secret: exempt paths, allowed client addresses and the proxies believed about them,
 * the readiness path, the bypass secret and the redirect target. Part of {@link FilterSettings}.
 *
 * @param exemptPaths the paths never blocked, {@code /robots.txt} included unless turned off
 * @param allowedIps the client addresses never blocked
 * @param trustedProxies the peers whose forwarding header is believed
 * @param forwardedHeader the forwarding header read from them
 * @param readinessPath the normalized readiness path, or {@code null}
 * @param bypass the bypass secret and its cookie, or {@code null}
 * @param redirect the redirect target, or {@code null}
 */
record AccessSettings(ExemptPaths exemptPaths, IpRanges allowedIps, IpRanges trustedProxies,
        ForwardedHeader forwardedHeader, String readinessPath, BypassCookie bypass, RedirectTarget redirect) {

    /** The access settings as given to {@link FilterSettings.Builder}, with their defaults; not thread-safe. */
    static final class Draft {
        final List<String> exemptPaths = new ArrayList<>();
        boolean exemptRobotsTxt = true;
        final List<String> allowedIps = new ArrayList<>();
        final List<String> trustedProxies = new ArrayList<>();
        ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        String readinessPath;
        String bypassSecret;
        String bypassPath = BypassCookie.DEFAULT_PATH;
        String bypassCookieName = BypassCookie.DEFAULT_COOKIE_NAME;
        Duration bypassTtl = BypassCookie.DEFAULT_TTL;
        String redirectUrl;
        int redirectStatus = RedirectTarget.DEFAULT_STATUS;

        /**
         * Validates (the forwarding header first, then in the order of the fields above) and builds.
         *
         * @throws MaintenanceException naming the first invalid value
         */
        AccessSettings build() {
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
            String readiness = ParameterValues.optionalPath(InitParameters.READINESS_PATH, readinessPath);
            BypassCookie bypass = bypassSecret == null ? null
                    : BypassCookie.of(bypassSecret, bypassPath, bypassCookieName, bypassTtl);
            RedirectTarget redirect = redirectUrl == null ? null : RedirectTarget.of(redirectUrl, redirectStatus);
            return new AccessSettings(exempt, allowed, trusted, forwardedHeader, readiness, bypass, redirect);
        }

        private static IpRanges parseRanges(String key, List<String> values) {
            try {
                return IpRanges.parse(key, values);
            } catch (IllegalArgumentException e) {
                throw new MaintenanceException(e.getMessage());
            }
        }
    }
}
