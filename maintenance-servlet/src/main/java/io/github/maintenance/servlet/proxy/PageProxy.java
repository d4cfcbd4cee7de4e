package io.github.maintenance.servlet.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Fetches a custom maintenance page for one request through one pooled
 * {@link HttpClient}.
 *
 * <p>The configured URL is fetched as it is (the request path is not appended; the request's
 * query is added), with the request's method and no body. Safe request headers are forwarded;
 * hop-by-hop headers, the headers named in {@code Connection}, {@code Host},
 * {@code Content-Length}, {@code Expect}, {@code Accept-Encoding} and client-sent
 * {@code Forwarded}/{@code X-Forwarded-*} are not; {@code Cookie} and {@code Authorization} only
 * when configured. {@code X-Forwarded-For}, {@code -Host} and {@code -Proto} are set afresh.
 * Redirects are not followed (a redirect counts as a failure, so a page cannot bounce us to a
 * host the URL policy did not approve).
 *
 * <p>Returns {@code null} on a connection error, a time-out, a status of 300 or above, or a body
 * larger than the limit: the caller then serves the built-in page.
 *
 * <p>Thread-safe.
 */
public final class PageProxy {

    private static final Logger LOG = LoggerFactory.getLogger(PageProxy.class);

    /** Request headers never forwarded besides the hop-by-hop ones. */
    private static final Set<String> DROPPED_REQUEST = Set.of("host", "content-length", "expect", "accept-encoding",
            "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port",
            "x-real-ip", "cookie", "authorization", "origin", "referer", "http2-settings");

    /** Response headers never copied besides the hop-by-hop ones (the filter sets its own). */
    private static final Set<String> DROPPED_RESPONSE = Set.of("content-length", "set-cookie", "retry-after",
            "cache-control", "x-maintenance-mode", "expires", "pragma", "age", "etag", "last-modified",
            "strict-transport-security", "alt-svc", "server", "date");

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
    private final HttpClient client;

    public PageProxy(ProxySettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ProxySettings settings() {
        return settings;
    }

    /**
     * Fetches {@code pageUrl} on behalf of {@code request}.
     *
     * @param forwardedFor the value for {@code X-Forwarded-For}
     * @return the page, or {@code null} when the built-in page should be served instead
     */
    public Page fetch(String pageUrl, HttpServletRequest request, String forwardedFor) {
        HttpRequest upstream;
        try {
            upstream = buildRequest(pageUrl, request, forwardedFor);
        } catch (IllegalArgumentException e) {
            LOG.warn("Custom maintenance page {} cannot be requested: {}", pageUrl, e.getMessage());
            return null;
        }
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(upstream,
                info -> new LimitedBody(settings.maxBodyBytes()));
        try {
            HttpResponse<byte[]> response = future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status >= 300) {
                LOG.warn("Custom maintenance page {} answered {}; serving the built-in page", pageUrl, status);
                return null;
            }
            boolean head = "HEAD".equals(request.getMethod());
            return new Page(status, responseHeaders(response.headers(), head), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.warn("Custom maintenance page {} timed out after {} ms; serving the built-in page", pageUrl,
                    settings.readTimeout().toMillis());
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("Custom maintenance page {} failed ({}); serving the built-in page", pageUrl, cause.toString());
            return null;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest buildRequest(String pageUrl, HttpServletRequest request, String forwardedFor) {
        String query = request.getQueryString();
        String target = pageUrl;
        if (query != null && !query.isEmpty()) {
            int hash = target.indexOf('#');
            if (hash >= 0) {
                target = target.substring(0, hash);
            }
            target = target + (target.indexOf('?') >= 0 ? "&" : "?") + query;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target))
                .timeout(settings.readTimeout())
                .method(request.getMethod(), HttpRequest.BodyPublishers.noBody());
        Set<String> listed = HopByHopHeaders.listedIn(list(request, "Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HopByHopHeaders.isHopByHop(lower, listed)) {
                continue;
            }
            boolean allowed = !DROPPED_REQUEST.contains(lower)
                    || (lower.equals("cookie") && settings.forwardCookies())
                    || (lower.equals("authorization") && settings.forwardAuthorization());
            if (!allowed) {
                continue;
            }
            for (String value : list(request, name)) {
                try {
                    b.header(name, value);
                } catch (IllegalArgumentException e) {
                    LOG.debug("Not forwarding header {}: {}", name, e.getMessage());
                }
            }
        }
        b.setHeader("X-Forwarded-For", forwardedFor);
        String host = request.getHeader("Host");
        if (host != null && !host.isEmpty()) {
            b.setHeader("X-Forwarded-Host", host);
        }
        b.setHeader("X-Forwarded-Proto", request.getScheme());
        return b.build();
    }

    private Map<String, List<String>> responseHeaders(HttpHeaders headers, boolean head) {
        Set<String> listed = HopByHopHeaders.listedIn(headers.allValues("connection"));
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(":") || HopByHopHeaders.isHopByHop(lower, listed)) {
                return;
            }
            if (DROPPED_RESPONSE.contains(lower) && !(lower.equals("set-cookie") && settings.forwardCookies())
                    && !(lower.equals("content-length") && head)) {
                return;
            }
            out.put(name, List.copyOf(values));
        });
        return out;
    }

    private static List<String> list(HttpServletRequest request, String name) {
        var e = request.getHeaders(name);
        return e == null ? List.of() : Collections.list(e);
    }

    /** Collects a body up to a limit; a larger body fails the exchange. */
    private static final class LimitedBody implements BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer bb : items) {
                if (buffer.size() + bb.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new java.io.IOException("page larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[bb.remaining()];
                bb.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
