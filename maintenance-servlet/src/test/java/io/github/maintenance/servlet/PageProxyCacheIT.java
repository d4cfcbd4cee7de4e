package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The page proxy's cache, its bounds with a stalled page server, and its header allow-lists. */
@Timeout(60)
class PageProxyCacheIT {

    private static final String DEFAULT_TEXT = PageSettings.DEFAULT_TITLE + "\n" + PageSettings.DEFAULT_MESSAGE + "\n";

    private final MutableClock clock = MutableClock.atDefault();
    private final Pages upstream = new Pages();

    @RegisterExtension
    final JettyServerExtension pages = JettyServerExtension.builder().servlet(upstream, "/*").build();

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    private MaintenanceController controller;
    private JettyServer server;

    @AfterEach
    void stop() {
        upstream.release.countDown();
        if (controller != null) {
            controller.close();
        }
    }

    private void start(FilterSettings settings, String pagePath) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
        controller.enter("ALL", MaintenanceRequest.builder().pageUrl(pages.uri(pagePath).toString()).build());
    }

    @Test
    void aStalledPageServerHoldsNoRequestAndSeesOneFetch() throws Exception {
        start(FilterSettings.custom().exemptPaths("/health").build(), "/stall");

        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(Http.CLIENT.sendAsync(Http.request(server.uri("/shop/" + i), "Accept", "text/plain").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo(DEFAULT_TEXT);
        }
        HttpResponse<String> health = Http.get(server.uri("/health"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("app GET /health");
        assertThat(upstream.release.getCount()).as("the page server is still stalled").isEqualTo(1);
        assertThat(upstream.stallEntered.get()).as("one fetch for the one key").isEqualTo(1);
        assertThat(upstream.maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void onlyAllowListedHeadersPassEitherWay() throws Exception {
        start(PageProxyIT.waiting(), "/page");

        HttpResponse<String> r = Http.get(server.uri("/x"), "Accept", "text/html", "Accept-Language", "fr",
                "User-Agent", "test-agent", "X-Api-Key", "key-1", "X-Maintenance-Bypass", "secret-bypass-value",
                "Cookie", "sid=1", "Authorization", "Bearer t", "X-Forwarded-For", "127.0.0.66", "Origin",
                "http://127.0.0.1", "Referer", "http://127.0.0.1/ref");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("page v1");
        assertThat(header(r, "Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(header(r, "Content-Language")).isEqualTo("fr");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Vary")).isEqualTo("Accept, Accept-Language");
        assertThat(r.headers().map().keySet()).as("dropped response headers")
                .doesNotContain("refresh", "location", "content-security-policy", "access-control-allow-origin",
                        "set-cookie", "x-page", "etag", "link");

        Map<String, List<String>> seen = upstream.seenHeaders.get();
        assertThat(seen.keySet()).as("request headers the page server saw")
                .isSubsetOf("host", "connection", "accept", "accept-language", "user-agent", "x-forwarded-proto")
                .contains("accept", "user-agent", "x-forwarded-proto");
        assertThat(seen.get("user-agent")).containsExactly("maintenance-page-proxy");
        assertThat(seen.get("accept-language")).containsExactly("fr");
    }

    @Test
    void aPostWithAQueryBecomesAGetWithoutQuery() throws Exception {
        start(PageProxyIT.waiting(), "/page");

        HttpResponse<String> r = Http.post(server.uri("/form?a=1&b=2"), "field=value", "Content-Type",
                "application/x-www-form-urlencoded");

        assertThat(r.body()).isEqualTo("page v1");
        assertThat(upstream.seenMethod.get()).isEqualTo("GET");
        assertThat(upstream.seenQuery.get()).isEqualTo("");
    }

    @Test
    void theMethodAndQueryAreForwardedOnlyWhenConfigured() throws Exception {
        start(FilterSettings.custom().proxy(PageProxyIT.proxy(false, false, false, Duration.ofSeconds(5))
                .withForwardMethodAndQuery(true)).build(), "/page");

        HttpResponse<String> r = Http.post(server.uri("/form?a=1"), "field=value");

        assertThat(r.body()).isEqualTo("page v1");
        assertThat(upstream.seenMethod.get()).isEqualTo("POST");
        assertThat(upstream.seenQuery.get()).isEqualTo("a=1");
    }

    @Test
    void aCopyIsServedUntilItsTtlThenRefreshedByOneBackgroundFetch() throws Exception {
        start(PageProxyIT.waiting(), "/page");

        assertThat(Http.get(server.uri("/a")).body()).isEqualTo("page v1");
        assertThat(Http.get(server.uri("/b")).body()).isEqualTo("page v1");
        assertThat(upstream.pageRequests.get()).as("the second was served from the cache").isEqualTo(1);

        upstream.version.set("v2");
        clock.advance(Duration.ofSeconds(4));
        assertThat(Http.get(server.uri("/c")).body()).as("still fresh").isEqualTo("page v1");
        assertThat(upstream.pageRequests.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(Http.get(server.uri("/d")).body()).as("stale, served while it is refreshed").isEqualTo("page v1");
        await().until(() -> Http.get(server.uri("/e")).body().equals("page v2"));
        assertThat(upstream.pageRequests.get()).as("exactly one refresh").isEqualTo(2);
    }

    /** The page server. */
    static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        final transient AtomicReference<String> version = new AtomicReference<>("v1");
        final transient AtomicInteger pageRequests = new AtomicInteger();
        final transient AtomicInteger stallEntered = new AtomicInteger();
        final transient AtomicInteger concurrent = new AtomicInteger();
        final transient AtomicInteger maxConcurrent = new AtomicInteger();
        final transient CountDownLatch release = new CountDownLatch(1);
        final transient AtomicReference<Map<String, List<String>>> seenHeaders = new AtomicReference<>();
        final transient AtomicReference<String> seenMethod = new AtomicReference<>();
        final transient AtomicReference<String> seenQuery = new AtomicReference<>();

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Map<String, List<String>> headers = new TreeMap<>();
            for (String name : Collections.list(req.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(req.getHeaders(name))));
            }
            seenHeaders.set(headers);
            seenMethod.set(req.getMethod());
            seenQuery.set(req.getQueryString() == null ? "" : req.getQueryString());
            if (req.getRequestURI().equals("/stall")) {
                stallEntered.incrementAndGet();
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    concurrent.decrementAndGet();
                }
            } else {
                pageRequests.incrementAndGet();
            }
            resp.setStatus(200);
            resp.setContentType("text/html;charset=utf-8");
            resp.setHeader("Content-Language", "fr");
            resp.setHeader("X-Page", "custom");
            resp.setHeader("Refresh", "0; url=http://127.0.0.1/elsewhere");
            resp.setHeader("Location", "http://127.0.0.1/elsewhere");
            resp.setHeader("Content-Security-Policy", "default-src *");
            resp.setHeader("Access-Control-Allow-Origin", "*");
            resp.setHeader("Set-Cookie", "page=1; Path=/");
            resp.setHeader("ETag", "\"v\"");
            resp.setHeader("Link", "</x.css>; rel=preload");
            byte[] body = ("page " + version.get()).getBytes(StandardCharsets.UTF_8);
            resp.setContentLength(body.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(body);
            }
        }
    }
}
