package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.servlet.proxy.ProxySettings;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The custom maintenance page fetched from a second Jetty server. */
class PageProxyIT {

    private static final String CUSTOM_PAGE = "<html><body><h1>Custom maintenance page</h1></body></html>";
    private static final String DEFAULT_TEXT = PageSettings.DEFAULT_TITLE + "\n" + PageSettings.DEFAULT_MESSAGE + "\n";

    private final MutableClock clock = MutableClock.atDefault();
    private final Upstream upstream = new Upstream();

    /** The page server. */
    @RegisterExtension
    final JettyServerExtension pages = JettyServerExtension.builder().servlet(upstream, "/*").build();

    /** The application, started by each test. */
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

    private void start(MaintenanceConfig.Builder config, FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(config.build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void start(FilterSettings settings) throws Exception {
        start(Apps.config(clock), settings);
    }

    private void enterWithPage(String pagePath) {
        controller.enter("ALL", MaintenanceRequest.builder().pageUrl(pages.uri(pagePath).toString()).build());
    }

    /** Settings whose first request waits for the fetch (so that it sees the custom page). */
    static ProxySettings proxy(boolean passStatus, boolean cookies, boolean authorization, Duration read) {
        return new ProxySettings(Duration.ofSeconds(2), read, passStatus, cookies, authorization, 1024 * 1024)
                .withCache(ProxySettings.DEFAULT_CACHE_TTL, ProxySettings.DEFAULT_MAX_CACHE_ENTRIES, read);
    }

    /** Default settings, except that a request with nothing cached waits for the fetch. */
    static FilterSettings waiting() {
        return FilterSettings.custom().proxy(proxy(false, false, false, Duration.ofSeconds(5))).build();
    }

    @Test
    void theCustomPageIsServedWith503AndTheMaintenanceHeaders() throws Exception {
        start(waiting());
        enterWithPage("/page");

        HttpResponse<String> direct = Http.get(pages.uri("/page"));
        assertThat(direct.headers().map()).as("the page server does send them")
                .containsKeys("keep-alive", "proxy-authenticate", "x-upstream-hop", "set-cookie");

        HttpResponse<String> r = Http.get(server.uri("/shop/cart?item=7"), "Accept", "text/html",
                "X-Custom", "kept", "Cookie", "sid=secret", "Authorization", "Bearer token");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo(CUSTOM_PAGE);
        assertThat(header(r, "Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(header(r, "X-Page")).as("not on the response allow-list").isNull();
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).as("the upstream's 5 is replaced").isEqualTo("300");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(r.headers().allValues("X-Maintenance-Mode")).containsExactly("true");
        assertThat(r.headers().map()).as("hop-by-hop and private response headers are not copied")
                .doesNotContainKeys("keep-alive", "proxy-authenticate", "x-upstream-hop", "set-cookie");
        assertThat(header(r, "X-App")).isNull();

        Seen seen = upstream.seen.get();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.path()).as("the request path is not appended").isEqualTo("/page");
        assertThat(seen.query()).as("nor the query").isNull();
        assertThat(seen.header("X-Custom")).isEmpty();
        assertThat(seen.header("Accept")).containsExactly("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        assertThat(seen.header("Cookie")).isEmpty();
        assertThat(seen.header("Authorization")).isEmpty();
        assertThat(seen.header("X-Forwarded-For")).as("a shared copy is nobody's").isEmpty();
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(controller.totals().maintenanceHits()).isEqualTo(1);
    }

    @Test
    void hopByHopRequestHeadersAreNotForwarded() throws Exception {
        start(waiting());
        enterWithPage("/page");
        String headers = "Connection: close, X-Client-Hop\r\n"
                + "X-Client-Hop: private to this hop\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "TE: trailers\r\n"
                + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n"
                + "X-Custom: kept\r\n"
                + "\r\n";
        RawHttp.exchange(pages.port(), "GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers);
        assertThat(upstream.seen.get().headers.keySet()).as("sent straight to the page server, they arrive")
                .contains("x-client-hop", "keep-alive", "te", "proxy-authorization");

        RawHttp.Response r = RawHttp.exchange(server.port(), "GET /x HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + server.port() + "\r\n" + headers);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).isEqualTo(CUSTOM_PAGE);
        Seen seen = upstream.seen.get();
        assertThat(seen.headers.keySet()).doesNotContain("x-client-hop", "keep-alive", "te", "proxy-authorization",
                "x-custom");
        assertThat(seen.header("Connection")).allSatisfy(v -> assertThat(v).doesNotContainIgnoringCase("x-client-hop"));
    }

    @Test
    void cookiesAndAuthorizationAreForwardedWhenConfigured() throws Exception {
        start(FilterSettings.custom().proxy(proxy(false, true, true, Duration.ofSeconds(5))).build());
        enterWithPage("/page");

        HttpResponse<String> r = Http.get(server.uri("/"), "Cookie", "sid=secret", "Authorization", "Bearer token");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "Set-Cookie")).startsWith("page=1");
        Seen seen = upstream.seen.get();
        assertThat(seen.header("Cookie")).containsExactly("sid=secret");
        assertThat(seen.header("Authorization")).containsExactly("Bearer token");
    }

    @Test
    void theUpstreamStatusIsPassedThroughWhenConfigured() throws Exception {
        start(FilterSettings.custom().proxy(proxy(true, false, false, Duration.ofSeconds(5))).build());
        enterWithPage("/accepted");

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("accepted page");
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("300");
    }

    @Test
    void withoutPassThroughTheMaintenanceStatusIsKept() throws Exception {
        start(waiting());
        enterWithPage("/accepted");

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("accepted page");
    }

    @Test
    void clientForwardingHeadersAreReplacedUnlessThePeerIsATrustedProxy() throws Exception {
        start(FilterSettings.custom().proxy(proxy(false, false, false, Duration.ofSeconds(5))
                .withForwardMethodAndQuery(true)).build());
        enterWithPage("/page");

        Http.get(server.uri("/"), "X-Forwarded-For", "127.0.0.66", "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "https", "Forwarded", "for=127.0.0.66");

        Seen seen = upstream.seen.get();
        assertThat(seen.header("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Host")).containsExactly("127.0.0.1:" + server.port());
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.header("Forwarded")).isEmpty();
    }

    @Test
    void behindATrustedProxyTheForwardedChainIsExtended() throws Exception {
        start(FilterSettings.custom().trustedProxies("127.0.0.1").proxy(proxy(false, false, false,
                Duration.ofSeconds(5)).withForwardMethodAndQuery(true)).build());
        enterWithPage("/page");

        Http.get(server.uri("/"), "X-Forwarded-For", "127.0.0.9");

        assertThat(upstream.seen.get().header("X-Forwarded-For")).containsExactly("127.0.0.9, 127.0.0.1");
    }

    @Test
    void headGetsTheCustomPageHeadersWithoutBody() throws Exception {
        start(waiting());
        enterWithPage("/page");

        HttpResponse<String> r = Http.head(server.uri("/"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(CUSTOM_PAGE.length()));
        assertThat(r.body()).isEmpty();
        assertThat(upstream.seen.get().method()).isEqualTo("HEAD");
    }

    @Test
    void aPageServerThatIsDownGivesTheDefaultPage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        start(waiting());
        controller.enter("ALL", MaintenanceRequest.builder().pageUrl("http://127.0.0.1:" + closedPort + "/page").build());

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertDefaultPage(r);
    }

    @Test
    void aSlowPageServerGivesTheDefaultPageAfterTheReadTimeout() throws Exception {
        start(FilterSettings.custom().proxy(proxy(false, false, false, Duration.ofMillis(300))).build());
        enterWithPage("/slow");

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertDefaultPage(r);
        assertThat(upstream.slowEntered.await(5, TimeUnit.SECONDS)).as("the page server was asked").isTrue();
    }

    @Test
    void aPageServerAnsweringWithAServerErrorGivesTheDefaultPage() throws Exception {
        start(waiting());
        enterWithPage("/broken");

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertDefaultPage(r);
        assertThat(upstream.seen.get().path()).isEqualTo("/broken");
    }

    @Test
    void aRedirectFromThePageServerIsNotFollowed() throws Exception {
        start(waiting());
        enterWithPage("/redirect");

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertDefaultPage(r);
        assertThat(upstream.seen.get().path()).isEqualTo("/redirect");
    }

    @Test
    void aNonHttpUrlIsRefusedAtEntryAndNothingChanges() throws Exception {
        start(FilterSettings.ofDefaults());

        assertThatThrownBy(() -> controller.enter("ALL",
                MaintenanceRequest.builder().pageUrl("ftp://127.0.0.1/page.html").build()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url 'ftp://127.0.0.1/page.html': "
                        + "only absolute http and https URLs are allowed");

        assertThat(controller.totals().inMaintenance()).isZero();
        HttpResponse<String> r = Http.get(server.uri("/"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /");
    }

    @Test
    void aHostOutsideTheAllowListIsRefusedAtEntryAndNothingChanges() throws Exception {
        start(Apps.config(clock).urlPolicy(UrlPolicy.allowHosts(Set.of("pages.example.com"))), FilterSettings.ofDefaults());
        String url = pages.uri("/page").toString();

        assertThatThrownBy(() -> controller.enter("ALL", MaintenanceRequest.builder().pageUrl(url).build()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url '" + url
                        + "': host '127.0.0.1' is not in the allowed hosts [pages.example.com]");

        assertThat(controller.totals().inMaintenance()).isZero();
        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);
        assertThat(upstream.seen.get()).as("the page server was never asked").isNull();
    }

    private void assertDefaultPage(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("300");
        assertThat(header(r, "Content-Type")).isEqualTo("text/plain;charset=utf-8");
        assertThat(r.body()).isEqualTo(DEFAULT_TEXT);
        assertThat(controller.totals().maintenanceHits()).isEqualTo(1);
    }

    /** What the page server received. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers) {
        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** The page server: records each request, answers by path. */
    static final class Upstream extends HttpServlet {
        private static final long serialVersionUID = 1L;

        final transient AtomicReference<Seen> seen = new AtomicReference<>();
        final transient CountDownLatch slowEntered = new CountDownLatch(1);
        final transient CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Map<String, List<String>> headers = new TreeMap<>();
            for (String name : Collections.list(req.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(req.getHeaders(name))));
            }
            seen.set(new Seen(req.getMethod(), req.getRequestURI(), req.getQueryString(), headers));
            switch (req.getRequestURI()) {
                case "/page" -> {
                    resp.setStatus(200);
                    resp.setContentType("text/html;charset=utf-8");
                    resp.setHeader("X-Page", "custom");
                    resp.setHeader("Keep-Alive", "timeout=5");
                    resp.setHeader("Proxy-Authenticate", "Basic realm=\"pages\"");
                    resp.setHeader("Connection", "X-Upstream-Hop");
                    resp.setHeader("X-Upstream-Hop", "private to this hop");
                    resp.setHeader("Set-Cookie", "page=1; Path=/");
                    resp.setHeader("Cache-Control", "max-age=3600");
                    resp.setHeader("Retry-After", "5");
                    resp.setHeader("X-Maintenance-Mode", "false");
                    write(req, resp, CUSTOM_PAGE);
                }
                case "/accepted" -> {
                    resp.setStatus(202);
                    resp.setContentType("text/plain");
                    write(req, resp, "accepted page");
                }
                case "/slow" -> {
                    slowEntered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    write(req, resp, "too late");
                }
                case "/broken" -> {
                    resp.setStatus(502);
                    write(req, resp, "upstream broken");
                }
                case "/redirect" -> resp.sendRedirect("http://elsewhere.example/");
                default -> resp.sendError(404);
            }
        }

        private static void write(HttpServletRequest req, HttpServletResponse resp, String body) throws IOException {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            resp.setContentLength(bytes.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(bytes);
            }
        }
    }
}
