package io.github.maintenance.servlet.proxy;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;

/**
 * How custom maintenance pages are fetched and cached.
 *
 * <p>By default a custom page is fetched with {@code GET} ({@code HEAD} for {@code HEAD}), without
 * the request's query, cookies or credentials, and kept for {@code cacheTtl} per page URL and
 * variant: users are answered from the cache, and one background fetch per entry refreshes it.
 * The opt-ins {@code forwardMethodAndQuery}, {@code forwardCookies} and
 * {@code forwardAuthorization} make the affected requests personal: they are fetched for that
 * request alone and never cached (see {@link PageProxy}).
 *
 * @param connectTimeout        time to establish the connection
 * @param readTimeout           time for the whole response, body included
 * @param passUpstreamStatus    answer with the page's own status instead of the maintenance status
 * @param forwardCookies        forward the client's {@code Cookie} header (and return
 *                              {@code Set-Cookie}); such requests are not cached
 * @param forwardAuthorization  forward the client's {@code Authorization} header; such requests
 *                              are not cached
 * @param maxBodyBytes          larger pages are not served (the built-in page is, instead)
 * @param forwardMethodAndQuery fetch with the request's own method and query string, uncached
 * @param cacheTtl              how long a fetched page is served before it is refreshed
 * @param maxCacheEntries       at most this many cached pages (page URL × variant × method)
 * @param missWait              how long a request with nothing cached waits for the fetch
 *                              before it gets the built-in page
 */
public record ProxySettings(Duration connectTimeout, Duration readTimeout, boolean passUpstreamStatus,
        boolean forwardCookies, boolean forwardAuthorization, int maxBodyBytes, boolean forwardMethodAndQuery,
        Duration cacheTtl, int maxCacheEntries, Duration missWait) {

    /** The default connect time-out, 2 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The default read time-out, 5 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    /** The default largest page body, 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The default time a fetched page is served from the cache, 5 s. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);
    /** The default number of cached pages, 256. */
    public static final int DEFAULT_MAX_CACHE_ENTRIES = 256;
    /** The default wait of a request with nothing cached, 100 ms. */
    public static final Duration DEFAULT_MISS_WAIT = Duration.ofMillis(100);

    private static final ProxySettings DEFAULTS = new ProxySettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
            false, false, false, DEFAULT_MAX_BODY_BYTES);

    /**
     * Validates every value; the message names the init-parameter.
     *
     * @param connectTimeout        time to establish the connection, at least 1 ms
     * @param readTimeout           time for the whole response, at least 1 ms
     * @param passUpstreamStatus    answer with the page's own status instead of the maintenance status
     * @param forwardCookies        forward the client's {@code Cookie} header, uncached
     * @param forwardAuthorization  forward the client's {@code Authorization} header, uncached
     * @param maxBodyBytes          the largest page body served, 1 byte to 64 MiB
     * @param forwardMethodAndQuery fetch with the request's own method and query string, uncached
     * @param cacheTtl              how long a fetched page is served before it is refreshed, 1 ms to 1 h
     * @param maxCacheEntries       at most this many cached pages, 1 to 100000
     * @param missWait              how long a request with nothing cached waits, 0 to {@code readTimeout}
     * @throws io.github.maintenance.MaintenanceException naming the init-parameter of a value out of range
     */
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
        if (cacheTtl == null || cacheTtl.toMillis() < 1 || cacheTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw MaintenanceErrors.invalidConfig("proxyCacheTtl", cacheTtl, "1ms to 1h");
        }
        if (maxCacheEntries < 1 || maxCacheEntries > 100_000) {
            throw MaintenanceErrors.invalidConfig("proxyCacheSize", maxCacheEntries, "1 to 100000 entries");
        }
        if (missWait == null || missWait.isNegative() || missWait.compareTo(readTimeout) > 0) {
            throw MaintenanceErrors.invalidConfig("proxyMissWait", missWait, "0 to the read timeout");
        }
    }

    /**
     * The settings of earlier versions: the method and query are not forwarded, and the cache has
     * its defaults (5 s, 256 entries, a miss waits 100 ms or the read timeout if shorter).
     *
     * @param connectTimeout       time to establish the connection, at least 1 ms
     * @param readTimeout          time for the whole response, at least 1 ms
     * @param passUpstreamStatus   answer with the page's own status instead of the maintenance status
     * @param forwardCookies       forward the client's {@code Cookie} header, uncached
     * @param forwardAuthorization forward the client's {@code Authorization} header, uncached
     * @param maxBodyBytes         the largest page body served, 1 byte to 64 MiB
     */
    public ProxySettings(Duration connectTimeout, Duration readTimeout, boolean passUpstreamStatus,
            boolean forwardCookies, boolean forwardAuthorization, int maxBodyBytes) {
        this(connectTimeout, readTimeout, passUpstreamStatus, forwardCookies, forwardAuthorization, maxBodyBytes,
                false, DEFAULT_CACHE_TTL, DEFAULT_MAX_CACHE_ENTRIES,
                readTimeout != null && readTimeout.compareTo(DEFAULT_MISS_WAIT) < 0 ? readTimeout : DEFAULT_MISS_WAIT);
    }

    /**
     * Connect 2 s, read 5 s, maintenance status, no cookies, credentials, method or query, 1 MiB,
     * cached 5 s in at most 256 entries, a miss waits at most 100 ms.
     *
     * @return the default settings
     */
    public static ProxySettings ofDefaults() {
        return DEFAULTS;
    }

    /**
     * {@return these settings with the method and query forwarded (or not)}
     *
     * @param value whether to fetch with the request's method and query, uncached
     */
    public ProxySettings withForwardMethodAndQuery(boolean value) {
        return new ProxySettings(connectTimeout, readTimeout, passUpstreamStatus, forwardCookies, forwardAuthorization,
                maxBodyBytes, value, cacheTtl, maxCacheEntries, missWait);
    }

    /**
     * {@return these settings with another cache: time to live, size and miss wait}
     *
     * @param ttl how long a fetched page is served, 1 ms to 1 h
     * @param maxEntries at most this many cached pages, 1 to 100000
     * @param wait how long a request with nothing cached waits, 0 to the read time-out
     */
    public ProxySettings withCache(Duration ttl, int maxEntries, Duration wait) {
        return new ProxySettings(connectTimeout, readTimeout, passUpstreamStatus, forwardCookies, forwardAuthorization,
                maxBodyBytes, forwardMethodAndQuery, ttl, maxEntries, wait);
    }

    /**
     * {@return these settings with other time-outs}
     *
     * @param connect time to establish the connection, at least 1 ms
     * @param read time for the whole response, at least 1 ms; the miss wait is cut to it
     */
    public ProxySettings withTimeouts(Duration connect, Duration read) {
        return new ProxySettings(connect, read, passUpstreamStatus, forwardCookies, forwardAuthorization,
                maxBodyBytes, forwardMethodAndQuery, cacheTtl, maxCacheEntries,
                missWait.compareTo(read) > 0 ? read : missWait);
    }
}
