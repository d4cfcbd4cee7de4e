package io.github.maintenance.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.Decision;
import io.github.maintenance.Target;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.state.Phase;
import io.github.maintenance.testing.Awaits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo over real HTTP: started in-process on 127.0.0.1 and a free port once for the class
 * (stopping waits up to a second for idle connections); every test starts from a serving site.
 */
class DemoAppTest {

    private static DemoApp app;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @BeforeAll
    static void start() throws Exception {
        app = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void serving() {
        app.controller().exit("ALL");
        app.controller().cancelDrain("ALL");
        assertThat(app.controller().totals().inMaintenance()).isZero();
        assertThat(app.controller().totals().draining()).isZero();
    }

    private URI uri(String path) {
        return app.uri(path);
    }

    @Test
    void startsOnTheFreePortItWasGiven() {
        assertThat(app.port()).isPositive();
        assertThat(app.uri("/api")).hasToString("http://127.0.0.1:" + app.port() + "/api");
    }

    @Test
    void servesTheHomePageAsHtml() {
        HttpResponse<String> r = Http.get(uri("/"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(r.body()).contains("<h1>Maintenance demo</h1>")
                .contains("curl -X POST 'http://127.0.0.1:" + app.port() + "/_control/enter?target=/admin");
    }

    @Test
    void servesJsonOnApi() {
        HttpResponse<String> r = Http.get(uri("/api"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).startsWith("{\"service\":\"maintenance-demo\",\"status\":\"ok\",\"path\":\"/api\"");
    }

    @Test
    void servesTheAdminPageAsHtml() {
        HttpResponse<String> r = Http.get(uri("/admin"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<title>Admin console</title>");
    }

    @Test
    void answersNotFoundForUnknownPaths() {
        HttpResponse<String> r = Http.get(uri("/nothing-here"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"not found\"}\n");
    }

    @Test
    void theControlEndpointPassesTheReasonToTheAuditTrail() {
        HttpResponse<String> entered = Http.post(uri("/_control/enter?target=/admin&reason=ticket+OPS-42"), "");

        assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);
        var entry = app.controller().audit().list().get(0);
        assertThat(entry.action()).isEqualTo("enter");
        assertThat(entry.reason()).isEqualTo("ticket OPS-42");
        assertThat(entry.routeIds()).containsExactly("admin");
    }

    @Test
    void enteringAdminThroughTheControlEndpointBlocksAdminOnly() {
        HttpResponse<String> entered = Http.post(uri("/_control/enter?target=/admin&message=Back+at+noon"), "");

        assertThat(entered.statusCode()).isEqualTo(200);
        assertThat(entered.body()).isEqualTo("{\"action\":\"enter\",\"target\":\"/admin\",\"routes\":[\"admin\"]}\n");

        HttpResponse<String> admin = Http.get(uri("/admin/users"), "Accept", "text/html");
        assertThat(admin.statusCode()).isEqualTo(503);
        assertThat(admin.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(admin.headers().firstValue("Retry-After")).hasValue("300");
        assertThat(admin.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(admin.body()).contains("Back at noon");

        HttpResponse<String> json = Http.get(uri("/admin"), "Accept", "application/json");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(json.body()).contains("\"status\":\"maintenance\"").contains("\"message\":\"Back at noon\"");

        assertThat(Http.get(uri("/")).statusCode()).isEqualTo(200);
        assertThat(Http.get(uri("/api")).statusCode()).isEqualTo(200);
        assertThat(Http.get(uri("/administrator")).statusCode())
                .as("/admin is a whole path segment").isEqualTo(404);
        assertThat(app.controller().status("admin").maintenanceHits()).isEqualTo(2);
    }

    @Test
    void exitingRestoresAdmin() {
        Http.post(uri("/_control/enter?target=admin"), "");
        assertThat(Http.get(uri("/admin")).statusCode()).isEqualTo(503);

        HttpResponse<String> exited = Http.post(uri("/_control/exit?target=/admin"), "");

        assertThat(exited.statusCode()).isEqualTo(200);
        assertThat(exited.body()).isEqualTo("{\"action\":\"exit\",\"target\":\"/admin\",\"routes\":[\"admin\"]}\n");
        assertThat(Http.get(uri("/admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void wholeSiteMaintenanceLeavesHealthReadinessAndControlReachable() {
        assertThat(Http.post(uri("/_control/enter"), "").body()).contains("\"target\":\"ALL\"");

        assertThat(Http.get(uri("/")).statusCode()).isEqualTo(503);
        assertThat(Http.get(uri("/api/orders")).statusCode()).isEqualTo(503);
        assertThat(Http.get(uri("/health")).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = Http.get(uri("/ready"));
        assertThat(ready.statusCode()).as("an instance showing the page is ready").isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"maintenance\"}");
        assertThat(Http.get(uri("/_control/status")).statusCode()).isEqualTo(200);

        assertThat(Http.post(uri("/_control/exit"), "").statusCode()).isEqualTo(200);
        assertThat(Http.get(uri("/")).statusCode()).isEqualTo(200);
    }

    @Test
    void drainingTheInstanceFailsReadinessUntilCancelled() {
        assertThat(Http.get(uri("/ready")).body()).isEqualTo("{\"status\":\"serving\"}");

        HttpResponse<String> drain = Http.post(uri("/_control/drain?seconds=30"), "");

        assertThat(drain.statusCode()).isEqualTo(200);
        assertThat(drain.body()).isEqualTo(
                "{\"action\":\"drain\",\"target\":\"ALL\",\"routes\":[\"*\",\"site\",\"api\",\"admin\"]}\n");
        HttpResponse<String> ready = Http.get(uri("/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"draining\"}");
        assertThat(app.controller().status("api").drainDuration()).hasSeconds(30);

        assertThat(Http.post(uri("/_control/cancel"), "").statusCode()).isEqualTo(200);
        assertThat(Http.get(uri("/ready")).statusCode()).isEqualTo(200);
        assertThat(app.controller().status("api").draining()).isFalse();
    }

    @Test
    void aFinishedDrainRejectsWithDrainHeaders() {
        Http.post(uri("/_control/drain?seconds=1&target=api"), "");
        // Once the period is over every request is rejected (the default after-drain behaviour).
        Awaits.await()
                .until(() -> app.controller().status("api").drainProgress() >= 1.0);

        HttpResponse<String> r = Http.get(uri("/api"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Drain-Mode")).hasValue("true");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(Http.get(uri("/admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void statusListsEveryRouteWithItsState() {
        Http.post(uri("/_control/enter?target=admin&message=Upgrading"), "");
        Http.get(uri("/admin"));

        HttpResponse<String> r = Http.get(uri("/_control/status"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body())
                .contains("{\"id\":\"site\",\"domains\":[],\"path\":\"/\",\"phase\":\"serving\",\"in_maintenance\":false")
                .contains("{\"id\":\"admin\",\"domains\":[],\"path\":\"/admin\",\"phase\":\"maintenance\","
                        + "\"in_maintenance\":true,\"maintenance_message\":\"Upgrading\"")
                .contains("\"maintenance_hits\":1,")
                .contains("\"totals\":{\"routes\":4,\"in_maintenance\":1,\"draining\":0");
    }

    @Test
    void mutationsNeedPost() {
        HttpResponse<String> r = Http.get(uri("/_control/enter?target=admin"));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(r.body()).isEqualTo("{\"error\":\"/_control/enter takes POST, not GET\"}\n");
        assertThat(app.controller().status("admin").phase()).isEqualTo(Phase.SERVING);
        assertThat(Http.post(uri("/_control/status"), "").statusCode()).isEqualTo(405);
    }

    @Test
    void refusesAnUnknownRouteAndChangesNothing() {
        HttpResponse<String> r = Http.post(uri("/_control/enter?target=admin,billing"), "");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("billing");
        assertThat(Http.get(uri("/admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void theControlEndpointEntersReadOnlyMaintenanceAndCountsRequestsInProgress() {
        HttpResponse<String> entered = Http.post(uri("/_control/enter?target=/api&mode=read-only&status=503"), "");
        assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);

        HttpResponse<String> read = Http.get(uri("/api"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Read-Only")).hasValue("true");
        HttpResponse<String> write = Http.post(uri("/api"), "{}");
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(write.headers().firstValue("X-Maintenance-Mode")).hasValue("read-only");
        assertThat(app.controller().status("api").readOnlyRejected()).isEqualTo(1);
        assertThat(app.controller().inFlight(Target.parse("/api")))
                .as("the demo counts requests in progress, for exec --wait-idle").isZero();
    }

    @Test
    void theControlEndpointRefusesABadModeAndChangesNothing() {
        HttpResponse<String> r = Http.post(uri("/_control/enter?target=/api&mode=sleepy"), "");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("mode");
        assertThat(app.controller().totals().inMaintenance()).isZero();
    }

    @Test
    void refusesUnknownParametersInsteadOfActingOnEverything() {
        HttpResponse<String> r = Http.post(uri("/_control/enter?tagret=/admin"), "");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"unknown parameter 'tagret' for enter "
                + "(expected duration, hold, message, mode, pageUrl, reason, redirect, refresh, retryAfter, secret, status, "
                + "target, template)\"}\n");
        assertThat(Http.get(uri("/")).statusCode()).isEqualTo(200);
    }

    @Test
    void theControlEndpointRefusesAReboundHostNameAndAForeignOrigin() {
        RawHttp.Response rebound = RawHttp.exchange(app.port(), "POST /_control/enter HTTP/1.1\r\n"
                + "Host: maintenance-test.invalid:" + app.port() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("loopback host name only");

        HttpResponse<String> crossSite = Http.post(uri("/_control/enter"), "", "Origin", "http://maintenance-test.invalid");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("refuses cross-site requests");
        assertThat(app.controller().totals().inMaintenance()).isZero();

        HttpResponse<String> sameSite = Http.post(uri("/_control/enter?target=/admin"), "", "Origin",
                "http://127.0.0.1:" + app.port());
        assertThat(sameSite.statusCode()).isEqualTo(200);
        assertThat(app.controller().totals().inMaintenance()).isEqualTo(1);
        assertThat(Http.post(uri("/_control/exit?target=/admin"), "").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyLoopbackNamesAndOriginsCount() {
        assertThat(ControlServlet.isLoopbackName(ControlServlet.hostOf("localhost:8080"))).isTrue();
        assertThat(ControlServlet.isLoopbackName(ControlServlet.hostOf("127.0.0.1"))).isTrue();
        assertThat(ControlServlet.isLoopbackName(ControlServlet.hostOf("[::1]:8080"))).isTrue();
        assertThat(ControlServlet.isLoopbackName(ControlServlet.hostOf("127.0.0.1.maintenance-test.invalid"))).isFalse();
        assertThat(ControlServlet.isLoopbackName(ControlServlet.hostOf("2130706433"))).isFalse();
        assertThat(ControlServlet.isLoopbackName(ControlServlet.hostOf(""))).isFalse();
        assertThat(ControlServlet.isLoopbackOrigin("http://localhost:8080")).isTrue();
        assertThat(ControlServlet.isLoopbackOrigin("null")).isFalse();
        assertThat(ControlServlet.isLoopbackOrigin("http://localhost@maintenance-test.invalid")).isFalse();
        assertThat(ControlServlet.isLoopbackOrigin("file://localhost")).isFalse();
    }

    @Test
    void refusesBadDrainSecondsAndUnknownActions() {
        assertThat(Http.post(uri("/_control/drain?seconds=soon"), "").body())
                .isEqualTo("{\"error\":\"field 'seconds' must be a whole number from 1 to 86400, got 'soon'\"}\n");
        assertThat(Http.post(uri("/_control/drain?seconds=0"), "").statusCode()).isEqualTo(400);
        assertThat(app.controller().totals().draining()).isZero();

        HttpResponse<String> unknown = Http.post(uri("/_control/reboot"), "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown control action 'reboot'");
    }

    @Test
    void enterAcceptsRetryAfterAndADuration() {
        Http.post(uri("/_control/enter?target=api&retryAfter=90s"), "");
        assertThat(Http.get(uri("/api")).headers().firstValue("Retry-After"))
                .as("no known end: the entry's seconds").hasValue("90");

        Http.post(uri("/_control/enter?target=api&retryAfter=90s&duration=1h"), "");
        HttpResponse<String> r = Http.get(uri("/api"));

        assertThat(r.statusCode()).isEqualTo(503);
        Instant until = app.controller().status("api").maintenanceUntil();
        assertThat(until).isNotNull();
        assertThat(r.headers().firstValue("Retry-After")).as("a known end: that moment as an IMF-fixdate")
                .hasValue(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
                        .format(until.atOffset(ZoneOffset.UTC)));
    }

    @Test
    void headRequestsGetHeadersWithoutABody() {
        Http.post(uri("/_control/enter?target=admin"), "");

        HttpResponse<String> r = Http.head(uri("/admin"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void servesACustomPageFetchedFromItsUrl() throws Exception {
        try (JettyServer pages = jetty.start(ctx -> JettyServer.addServlet(ctx, new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/html;charset=utf-8");
                resp.getOutputStream().write("<h1>Planned upgrade</h1>".getBytes(StandardCharsets.UTF_8));
            }
        }, "/*"))) {
            String url = pages.uri("/maintenance.html").toString();
            assertThat(Http.post(uri("/_control/enter?target=admin&pageUrl=" + url), "").statusCode()).isEqualTo(200);

            // The first request may get the built-in page while the fetch completes (proxyMissWait).
            HttpResponse<String> r = Awaits.await().until(() -> Http.get(uri("/admin"), "Accept", "text/html"),
                    response -> response.body().equals("<h1>Planned upgrade</h1>"));

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        }
    }

    @Test
    void theJavaApiAndTheControlEndpointDriveTheSameController() {
        app.controller().enter("api");

        assertThat(Http.get(uri("/api")).statusCode()).isEqualTo(503);
        assertThat(Http.get(uri("/_control/status")).body())
                .contains("{\"id\":\"api\",\"domains\":[],\"path\":\"/api\",\"phase\":\"maintenance\"");
        Decision d = app.controller().decide("127.0.0.1", "/api/x");
        assertThat(d.isBlocked()).isTrue();
    }

    @Test
    void closeStopsTheServerAndIsIdempotent() throws Exception {
        DemoApp other = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null));
        URI home = other.uri("/");
        assertThat(Http.get(home).statusCode()).isEqualTo(200);

        other.close();
        other.close();

        assertThat(catchThrowable(() -> Http.get(home))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void controlEndpointRecognisesLoopbackPeersOnly() {
        assertThat(ControlServlet.isLoopback("127.0.0.1")).isTrue();
        assertThat(ControlServlet.isLoopback("127.8.9.10")).isTrue();
        assertThat(ControlServlet.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ControlServlet.isLoopback("[::1]")).isTrue();
        assertThat(ControlServlet.isLoopback("10.0.0.7")).isFalse();
        assertThat(ControlServlet.isLoopback("2001:db8::1")).isFalse();
        assertThat(ControlServlet.isLoopback("localhost")).as("names are never looked up").isFalse();
        assertThat(ControlServlet.isLoopback("")).isFalse();
        assertThat(ControlServlet.isLoopback(null)).isFalse();
    }
}
