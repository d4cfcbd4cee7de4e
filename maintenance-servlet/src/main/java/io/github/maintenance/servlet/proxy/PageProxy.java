package io.github.maintenance.servlet.proxy;

import io.github.maintenance.UrlPolicy;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;
import io.github.maintenance.servlet.proxy.UpstreamFetcher.Outcome;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Serves custom maintenance pages fetched from a page server.
 *
 * <h2>Shared and personal fetches</h2>
 * By default every request gets a <em>shared</em> copy: the configured URL is fetched as it is
 * (no request path, no query) with {@code GET}, or {@code HEAD} for {@code HEAD}, and kept in a
 * {@link PageCache} per page URL, method, variant ({@code Accept} as the built-in page negotiates
 * it), negotiated language (among the built-in page's languages) and scheme. Requests are
 * answered from the cache; one background fetch per key refreshes a copy older than
 * {@link ProxySettings#cacheTtl()}. With nothing cached, a request waits at most
 * {@link ProxySettings#missWait()} and otherwise gets the built-in page.
 *
 * <p>A request is fetched <em>personally</em> (for itself, never cached) when
 * {@link ProxySettings#forwardMethodAndQuery()} is on, or when it carries a {@code Cookie} or
 * {@code Authorization} header that the settings forward. It then waits at most the read
 * time-out.
 *
 * <p>Fetches run on the fetcher's own bounded pool, never on the request thread, and connect only
 * to addresses the {@link UrlPolicy} allows; headers pass through the allow-lists of
 * {@link ProxyHeaders} (the class comment there lists them). Redirects are not followed.
 *
 * <p>Thread-safe. {@link #close()} stops the fetcher.
 */
public final class PageProxy implements AutoCloseable {

    /**
     * A fetched page.
     *
     * @param status  the upstream status
     * @param headers headers to copy to the client (already filtered; for a {@code HEAD} request
     *                they keep the upstream's {@code Content-Length}, since the body is empty)
     * @param body    the body
     */
    public record Page(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private final ProxySettings settings;
    private final UpstreamFetcher fetcher;
    private final PageCache cache;

    /**
     * A proxy with any-host policy, the system clock and resolver.
     *
     * @param settings how pages are fetched and cached
     */
    public PageProxy(ProxySettings settings) {
        this(settings, UrlPolicy.anyHost(), Clock.systemUTC());
    }

    /**
     * A proxy whose connections are checked against {@code policy}; {@code clock} ages the cache.
     *
     * @param settings how pages are fetched and cached
     * @param policy the hosts and address classes the proxy may connect to, checked on the resolved address
     * @param clock the clock by which cached pages age
     */
    public PageProxy(ProxySettings settings, UrlPolicy policy, Clock clock) {
        this(settings, policy, clock, SystemDefaultDnsResolver.INSTANCE);
    }

    PageProxy(ProxySettings settings, UrlPolicy policy, Clock clock, DnsResolver resolver) {
        this.settings = settings;
        this.fetcher = new UpstreamFetcher(settings, policy, resolver);
        this.cache = new PageCache(clock, settings.cacheTtl(), settings.maxCacheEntries(), settings.missWait());
    }

    /** {@return the settings} */
    public ProxySettings settings() {
        return settings;
    }

    /**
     * The page to answer {@code request} with.
     *
     * @param pageUrl      the configured page URL
     * @param request      the request in maintenance, whose method, {@code Accept}, {@code Accept-Language}
     *                     and (when forwarded) query, cookies and credentials shape the fetch
     * @param builtIn      the built-in page, whose languages the variants follow
     * @param forwardedFor the value for {@code X-Forwarded-For} (personal fetches only)
     * @return the page, or {@code null} when the built-in page should be served instead
     */
    public Page page(String pageUrl, HttpServletRequest request, RenderedPage builtIn, String forwardedFor) {
        URI uri;
        try {
            uri = new URI(pageUrl);
        } catch (URISyntaxException e) {
            return null;
        }
        try {
            if (isPersonal(request)) {
                return personal(uri, request, forwardedFor);
            }
            String method = "HEAD".equals(request.getMethod()) ? "HEAD" : "GET";
            Variant variant = Variant.negotiate(request.getHeader("Accept"));
            String language = builtIn.isLocalized() ? builtIn.language(builtIn.select(request.getHeader("Accept-Language")))
                    : null;
            String proto = request.isSecure() ? "https" : "http";
            PageCache.Key key = new PageCache.Key(pageUrl, method, variant, language, proto);
            return cache.get(key, () -> fetcher.fetch(new UpstreamFetcher.Request(uri, method,
                    ProxyHeaders.shared(variant, language, proto), false)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * {@return the {@code Vary} value that goes with pages served for {@code builtIn}}
     *
     * @param builtIn the built-in page
     */
    public String vary(RenderedPage builtIn) {
        return builtIn.isLocalized() ? "Accept, Accept-Language" : "Accept";
    }

    private boolean isPersonal(HttpServletRequest request) {
        return settings.forwardMethodAndQuery()
                || settings.forwardCookies() && request.getHeader("Cookie") != null
                || settings.forwardAuthorization() && request.getHeader("Authorization") != null;
    }

    private Page personal(URI base, HttpServletRequest request, String forwardedFor) throws InterruptedException {
        URI uri = base;
        String method = "HEAD".equals(request.getMethod()) ? "HEAD" : "GET";
        if (settings.forwardMethodAndQuery()) {
            method = request.getMethod();
            String query = request.getQueryString();
            if (query != null && !query.isEmpty()) {
                String target = base.toString();
                int hash = target.indexOf('#');
                target = hash >= 0 ? target.substring(0, hash) : target;
                try {
                    uri = new URI(target + (target.indexOf('?') >= 0 ? "&" : "?") + query);
                } catch (URISyntaxException e) {
                    return null;
                }
            }
        }
        CompletableFuture<Outcome> f = fetcher.fetch(new UpstreamFetcher.Request(uri, method,
                ProxyHeaders.personal(request, settings, forwardedFor), settings.forwardCookies()));
        try {
            return f.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS).page();
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    /** Stops the fetcher; pages are no longer fetched. */
    @Override
    public void close() {
        fetcher.close();
    }
}
