package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.random.RandomGenerator;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every response the filter writes, and the application's responses it must leave alone. */
class MaintenanceResponsesIT {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final MutableClock clock = MutableClock.atDefault();
    private final FixedRandom random = new FixedRandom();
    private MaintenanceController controller;
    private JettyServer server;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(MaintenanceConfig.Builder config, FilterSettings settings, HttpServlet app) throws Exception {
        controller = MaintenanceController.create(config.build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, app, "/*");
        });
    }

    private void start() throws Exception {
        start(Apps.config(clock).random(random), FilterSettings.ofDefaults(), new Apps.OkServlet());
    }

    @Test
    void applicationResponsesPassUntouchedWhileServing() throws Exception {
        start();

        HttpResponse<String> get = Http.get(server.uri("/shop/cart?x=1"), "Accept", BROWSER_ACCEPT);
        HttpResponse<String> post = Http.send(Http.request(server.uri("/shop/cart"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1")));

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("app GET /shop/cart");
        assertThat(header(get, "X-App")).isEqualTo("yes");
        assertThat(header(get, "Cache-Control")).isEqualTo("max-age=60");
        assertThat(header(get, "Content-Type")).isEqualTo("text/plain;charset=utf-8");
        assertThat(get.headers().map()).doesNotContainKeys("x-maintenance-mode", "retry-after", "vary",
                "x-drain-mode", "x-circuit-state");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo("app POST /shop/cart");
        assertThat(controller.totals().lifetimeMaintenanceHits()).isZero();
    }

    @Test
    void maintenanceAnswers503WithEveryHeaderAndPlainTextWithoutAccept() throws Exception {
        start();
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/shop"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("300");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Vary")).isEqualTo("Accept, Accept-Language");
        assertThat(header(r, "Content-Type")).isEqualTo("text/plain;charset=utf-8");
        assertThat(header(r, "X-App")).as("the application is not reached").isNull();
        assertThat(r.body()).isEqualTo(PageSettings.DEFAULT_TITLE + "\n" + PageSettings.DEFAULT_MESSAGE + "\n");
        assertThat(controller.totals().maintenanceHits()).isEqualTo(1);
        assertThat(controller.totals().lifetimeMaintenanceHits()).isEqualTo(1);
    }

    @Test
    void browsersGetTheSelfContainedHtmlPage() throws Exception {
        start();
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/"), "Accept", BROWSER_ACCEPT);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(header(r, "Vary")).isEqualTo("Accept, Accept-Language");
        assertThat(header(r, "Content-Length")).isEqualTo(
                Integer.toString(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(r.body()).contains("<html").contains(PageSettings.DEFAULT_TITLE)
                .contains(PageSettings.DEFAULT_MESSAGE).doesNotContain("<link ").doesNotContain("src=\"http");
    }

    @Test
    void clientsPreferringJsonGetJsonWithTheRequestedMessageAndRetryAfter() throws Exception {
        start();
        controller.enter("ALL", MaintenanceRequest.builder().message("Back at \"noon\"")
                .retryAfter(Duration.ofSeconds(120)).build());

        HttpResponse<String> r = Http.get(server.uri("/api/orders"), "Accept", "application/json, text/html;q=0.5");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
        assertThat(header(r, "Retry-After")).isEqualTo("120");
        assertThat(r.body()).isEqualTo(
                "{\"status\":\"maintenance\",\"message\":\"Back at \\\"noon\\\"\",\"retry_after\":120,\"until\":null}");
    }

    @Test
    void headGetsTheHeadersWithoutABody() throws Exception {
        start();
        controller.enter("ALL");
        int getLength = Http.get(server.uri("/"), "Accept", "application/json").body().length();

        HttpResponse<String> r = Http.head(server.uri("/"), "Accept", "application/json");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("300");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(getLength));
        assertThat(r.body()).isEmpty();
        assertThat(controller.totals().maintenanceHits()).isEqualTo(2);
    }

    @Test
    void theConfiguredStatusReplaces503() throws Exception {
        start(Apps.config(clock).retryAfter(Duration.ofMinutes(10)), FilterSettings.custom().statusCode(200).build(),
                new Apps.OkServlet());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/x"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("600");
        assertThat(r.body()).contains(PageSettings.DEFAULT_MESSAGE).doesNotContain("app GET");
    }

    @Test
    void leavingMaintenanceLetsTheApplicationAnswerAgain() throws Exception {
        start();
        controller.enter("ALL");
        assertThat(Http.get(server.uri("/a")).statusCode()).isEqualTo(503);

        controller.exit("ALL");

        HttpResponse<String> r = Http.get(server.uri("/a"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /a");
        assertThat(controller.totals().lifetimeMaintenanceHits()).isEqualTo(1);
    }

    @Test
    void maintenanceWithAnEndStopsBlockingOnceTheClockPassesIt() throws Exception {
        start();
        controller.enter("ALL", MaintenanceRequest.builder().duration(Duration.ofMinutes(1)).build());

        HttpResponse<String> during = Http.get(server.uri("/"), "Accept", "application/json");
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.body()).endsWith(",\"until\":\"2026-01-01T00:01:00Z\"}");
        assertThat(Http.get(server.uri("/")).body()).contains("Expected back: 2026-01-01T00:01:00Z");

        clock.advance(Duration.ofSeconds(59));
        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(503);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> after = Http.get(server.uri("/"));
        assertThat(after.statusCode()).as("passes before the timer makes it official").isEqualTo(200);
        assertThat(after.body()).isEqualTo("app GET /");
        assertThat(controller.totals().lifetimeMaintenanceHits()).isEqualTo(3);
    }

    @Test
    void aFinishedDrainRejectsEveryRequestWithTheDrainResponse() throws Exception {
        start();
        controller.startDrain("ALL", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = Http.get(server.uri("/page/" + i));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(header(r, "X-Drain-Mode")).isEqualTo("true");
            assertThat(header(r, "Retry-After")).isEqualTo("60");
            assertThat(header(r, "Connection")).isEqualTo("close");
            assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
            assertThat(header(r, "X-Maintenance-Mode")).isNull();
            assertThat(r.body()).isEqualTo("Service draining\nService draining\n");
        }
        HttpResponse<String> json = Http.get(server.uri("/"), "Accept", "application/json");
        assertThat(json.body()).startsWith("{\"status\":\"draining\",\"message\":\"Service draining\",\"retry_after\":60");
        assertThat(controller.totals().drainRejected()).isEqualTo(6);
        assertThat(controller.totals().lifetimeDrainRejected()).isEqualTo(6);
        assertThat(controller.totals().lifetimeMaintenanceHits()).isZero();
    }

    @Test
    void duringTheDrainTheInjectedRandomDecidesWhoIsRejected() throws Exception {
        start(Apps.config(clock).random(random).drainPolicy(DrainPolicy.linear()), FilterSettings.ofDefaults(),
                new Apps.OkServlet());
        controller.startDrain("ALL", Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(40));

        random.next = 0.39;
        HttpResponse<String> rejected = Http.get(server.uri("/"));
        random.next = 0.41;
        HttpResponse<String> passed = Http.get(server.uri("/"));

        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(header(rejected, "X-Drain-Mode")).isEqualTo("true");
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(passed.body()).isEqualTo("app GET /");
        assertThat(header(passed, "X-Drain-Mode")).isNull();
        assertThat(controller.totals().drainRejected()).isEqualTo(1);
    }

    @Test
    void theStandardPolicyRejectsNothingInTheFirstHalfOfTheDrain() throws Exception {
        start();
        controller.startDrain("ALL", Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(50));
        random.next = 0.0;

        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(Http.get(server.uri("/")).statusCode()).as("60 %% elapsed, draw 0.0").isEqualTo(503);
        assertThat(controller.totals().drainRejected()).isEqualTo(1);
    }

    @Test
    void maintenanceTakesPrecedenceOverADrain() throws Exception {
        start();
        controller.startDrain("ALL", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "X-Drain-Mode")).isNull();
        assertThat(header(r, "Retry-After")).isEqualTo("300");
    }

    @Test
    void serverErrorsOpenTheCircuitAndThenTheMaintenancePageIsServed() throws Exception {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom().failureThreshold(3)
                .openTimeout(Duration.ofSeconds(30)).successThreshold(2).build();
        start(Apps.config(clock).circuitBreaker(breaker), FilterSettings.ofDefaults(), new FailingServlet());

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = Http.get(server.uri("/fail"));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("broken");
        }
        HttpResponse<String> open = Http.get(server.uri("/ok"));

        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(header(open, "X-Circuit-State")).isEqualTo("open");
        assertThat(header(open, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(open, "Retry-After")).as("the open timeout").isEqualTo("30");
        assertThat(header(open, "Cache-Control")).isEqualTo("no-store");
        assertThat(open.body()).doesNotContain("app GET");
        assertThat(controller.status("*").circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(controller.totals().circuitRejected()).isEqualTo(1);
        assertThat(controller.totals().lifetimeMaintenanceHits()).as("circuit responses are counted apart").isZero();

        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> trial1 = Http.get(server.uri("/ok"));
        HttpResponse<String> trial2 = Http.get(server.uri("/ok"));

        assertThat(trial1.statusCode()).isEqualTo(200);
        assertThat(trial2.statusCode()).isEqualTo(200);
        assertThat(header(trial2, "X-Circuit-State")).isNull();
        assertThat(controller.status("*").circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void exceptionsFromTheApplicationCountAsFailures() throws Exception {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom().failureThreshold(2).build();
        start(Apps.config(clock).circuitBreaker(breaker), FilterSettings.ofDefaults(), new FailingServlet());

        assertThat(Http.get(server.uri("/throw")).statusCode()).isEqualTo(500);
        assertThat(controller.status("*").failures()).isEqualTo(1);
        assertThat(Http.get(server.uri("/throw")).statusCode()).isEqualTo(500);

        HttpResponse<String> open = Http.get(server.uri("/ok"));
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(header(open, "X-Circuit-State")).isEqualTo("open");
        assertThat(controller.totals().errors()).isEqualTo(2);
    }

    /** {@code /fail} answers 500, {@code /throw} throws, anything else is OK. */
    static final class FailingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            switch (req.getPathInfo() == null ? "/" : req.getPathInfo()) {
                case "/fail" -> {
                    resp.setStatus(500);
                    resp.getWriter().write("broken");
                }
                case "/throw" -> throw new ServletException("the application failed");
                default -> resp.getWriter().write(Apps.body("GET", req.getRequestURI()));
            }
        }
    }

    /** A random source whose next draw the test sets. */
    static final class FixedRandom implements RandomGenerator {
        volatile double next = 0.5;

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only nextDouble is drawn");
        }

        @Override
        public double nextDouble() {
            return next;
        }
    }
}
