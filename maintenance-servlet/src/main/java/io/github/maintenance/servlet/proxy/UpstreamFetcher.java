package io.github.maintenance.servlet.proxy;

import io.github.maintenance.UrlPolicy;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches pages with Apache HttpClient 5 on a small bounded pool of its own threads, never on the
 * caller's: at most {@value #THREADS} fetches run at once and {@value #QUEUE} wait; beyond that a
 * fetch is refused at once (the caller serves the built-in page). Connections go only to the
 * addresses the {@link UrlPolicy} allows ({@link PolicyDnsResolver}); redirects are not followed;
 * the whole exchange is cut off after the read time-out; bodies larger than the limit, or sent
 * with a content coding, are refused.
 *
 * <p>Thread-safe.
 */
final class UpstreamFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFetcher.class);
    static final int THREADS = 4;
    static final int QUEUE = 32;

    /** One fetch: the URL, the method and the headers to send. */
    record Request(URI uri, String method, Map<String, List<String>> headers, boolean keepSetCookie) {
        boolean head() {
            return "HEAD".equals(method);
        }
    }

    /**
     * The outcome of a fetch.
     *
     * @param page     the page, or {@code null}
     * @param answered whether the page server answered (with an unusable status when {@code page}
     *                 is {@code null})
     */
    record Outcome(PageProxy.Page page, boolean answered) {
        static final Outcome NO_ANSWER = new Outcome(null, false);
    }

    private final ProxySettings settings;
    private final CloseableHttpClient client;
    private final ThreadPoolExecutor pool;
    private final Executor deadlines;

    UpstreamFetcher(ProxySettings settings, UrlPolicy policy, DnsResolver resolver) {
        this.settings = settings;
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout read = Timeout.of(settings.readTimeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PolicyDnsResolver(policy, resolver))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                                .setSocketTimeout(read).setTimeToLive(Timeout.ofMinutes(1)).build())
                        .setMaxConnTotal(THREADS * 2).setMaxConnPerRoute(THREADS)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read)
                        .setConnectionRequestTimeout(read).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableContentCompression().disableAuthCaching().disableDefaultUserAgent()
                .build();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "maintenance-page-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.deadlines = CompletableFuture.delayedExecutor(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a fetch; completes with its outcome, never exceptionally. */
    CompletableFuture<Outcome> fetch(Request request) {
        try {
            return CompletableFuture.supplyAsync(() -> run(request), pool);
        } catch (RejectedExecutionException e) {
            LOG.debug("Custom maintenance page {} not fetched: the fetch pool is full", request.uri());
            return CompletableFuture.completedFuture(Outcome.NO_ANSWER);
        }
    }

    private Outcome run(Request request) {
        HttpUriRequestBase upstream = new HttpUriRequestBase(request.method(), request.uri());
        request.headers().forEach((name, values) -> values.forEach(v -> upstream.addHeader(name, v)));
        deadlines.execute(upstream::cancel);
        try {
            return client.execute(upstream, response -> read(request, response));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Custom maintenance page {} failed ({}); serving the built-in page", request.uri(), e.toString());
            return Outcome.NO_ANSWER;
        }
    }

    private Outcome read(Request request, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        if (status < 200 || status >= 300) {
            LOG.warn("Custom maintenance page {} answered {}; serving the built-in page", request.uri(), status);
            return new Outcome(null, true);
        }
        Header coding = response.getFirstHeader("Content-Encoding");
        if (coding != null && !coding.getValue().equalsIgnoreCase("identity")) {
            LOG.warn("Custom maintenance page {} came with Content-Encoding {}; serving the built-in page",
                    request.uri(), coding.getValue());
            return new Outcome(null, true);
        }
        byte[] body = request.head() ? new byte[0] : body(response.getEntity());
        if (body == null) {
            LOG.warn("Custom maintenance page {} is larger than {} bytes; serving the built-in page", request.uri(),
                    settings.maxBodyBytes());
            return new Outcome(null, true);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            if (ProxyHeaders.downstream(h.getName(), request.head(), request.keepSetCookie())) {
                headers.computeIfAbsent(h.getName(), k -> new java.util.ArrayList<>()).add(h.getValue());
            }
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return new Outcome(new PageProxy.Page(status, Map.copyOf(headers), body), true);
    }

    /** The body, or {@code null} when it is larger than the limit. */
    private byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        int limit = settings.maxBodyBytes();
        if (entity.getContentLength() > limit) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? null : bytes;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }
}
