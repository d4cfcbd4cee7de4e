package io.github.maintenance.servlet.proxy;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;

/**
 * How custom maintenance pages are fetched.
 *
 * @param connectTimeout      time to establish the connection
 * @param readTimeout         time for the whole response, body included
 * @param passUpstreamStatus  answer with the page's own status instead of the maintenance status
 * @param forwardCookies      forward the client's {@code Cookie} header (and return
 *                            {@code Set-Cookie})
 * @param forwardAuthorization forward the client's {@code Authorization} header
 * @param maxBodyBytes        larger pages are not served (the built-in page is, instead)
 */
public record ProxySettings(Duration connectTimeout, Duration readTimeout, boolean passUpstreamStatus,
        boolean forwardCookies, boolean forwardAuthorization, int maxBodyBytes) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private static final ProxySettings DEFAULTS = new ProxySettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
            false, false, false, DEFAULT_MAX_BODY_BYTES);

    public ProxySettings {
        if (connectTimeout == null || connectTimeout.toMillis() < 1) {
            throw MaintenanceErrors.invalidConfig("proxyConnectTimeout", connectTimeout, "must be at least 1ms");
        }
        if (readTimeout == null || readTimeout.toMillis() < 1) {
            throw MaintenanceErrors.invalidConfig("proxyReadTimeout", readTimeout, "must be at least 1ms");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > 64 * 1024 * 1024) {
            throw MaintenanceErrors.invalidConfig("proxyMaxBodySize", maxBodyBytes, "1 byte to 64 MiB");
        }
    }

    /** Connect 2 s, read 5 s, maintenance status, no cookies or credentials, 1 MiB. */
    public static ProxySettings ofDefaults() {
        return DEFAULTS;
    }
}
