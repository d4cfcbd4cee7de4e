package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.servlet.access.CorsPolicy;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CORS on the filter's own responses: an allowed origin can read every blocked response (the
 * page's JSON, read-only rejections, drain rejections, a hold that timed out, the redirect) and
 * its {@code Retry-After}; a preflight to a blocked route is answered by the filter; other origins
 * get no CORS header; routes that are not blocked keep the application's own handling.
 */
@Timeout(60)
class CorsIT {

    private static final String SPA = "http://127.0.0.1:5173";
    private static final String OTHER = "http://localhost:5173";

    private final MutableClock clock = MutableClock.atDefault();
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

    private void start(FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private HttpResponse<String> send(String method, String path, String... headers) {
        return Http.send(Http.request(server.uri(path), headers)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) {
        return headers == null
                ? send("OPTIONS", path, "Origin", origin, "Access-Control-Request-Method", method)
                : send("OPTIONS", path, "Origin", origin, "Access-Control-Request-Method", method,
                        "Access-Control-Request-Headers", headers);
    }

    private static void assertReadableBy(HttpResponse<String> r, String origin) {
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(origin);
        assertThat(header(r, "Access-Control-Expose-Headers")).contains("Retry-After", "X-Maintenance-Mode");
        assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
    }

    private static void assertNoCors(HttpResponse<String> r) {
        assertThat(r.headers().map().keySet()).noneMatch(k -> k.startsWith("access-control-"));
    }

    @Test
    void theMaintenanceJsonIsReadableByAnAllowedOrigin() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA, "https://127.0.0.1:8443").build());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/api/orders"), "Origin", SPA, "Accept", "application/json");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("{");
        assertThat(header(r, "Retry-After")).isEqualTo("300");
        assertReadableBy(r, SPA);
        assertThat(header(r, "Vary")).startsWith("Accept").endsWith(", Origin");
        assertThat(r.headers().map()).doesNotContainKey("access-control-allow-credentials");
    }

    @Test
    void anOriginNotListedGetsNoCorsHeadersButTheResponseVariesByOrigin() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).build());
        controller.enter("ALL");

        HttpResponse<String> other = Http.get(server.uri("/api/orders"), "Origin", OTHER, "Accept", "application/json");
        HttpResponse<String> none = Http.get(server.uri("/api/orders"), "Accept", "application/json");
        HttpResponse<String> nullOrigin = Http.get(server.uri("/api/orders"), "Origin", "null");

        for (HttpResponse<String> r : java.util.List.of(other, none, nullOrigin)) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertNoCors(r);
            assertThat(header(r, "Vary")).contains("Origin");
        }
    }

    @Test
    void withoutConfigurationBlockedResponsesCarryNoCorsHeaders() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/api/orders"), "Origin", SPA, "Accept", "application/json");

        assertThat(r.statusCode()).isEqualTo(503);
        assertNoCors(r);
        assertThat(header(r, "Vary")).doesNotContain("Origin");
    }

    @Test
    void aWildcardAllowsEveryOriginWithoutCredentialsOrVary() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins("*").build());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/x"), "Origin", OTHER, "Accept", "application/json");

        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Access-Control-Expose-Headers")).contains("Retry-After");
        assertThat(r.headers().map()).doesNotContainKey("access-control-allow-credentials");
        assertThat(header(r, "Vary")).doesNotContain("Origin");
    }

    @Test
    void credentialsAreAllowedForListedOriginsWhenConfigured() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).corsAllowCredentials(true).build());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/x"), "Origin", SPA, "Accept", "application/json");
        HttpResponse<String> p = preflight("/x", SPA, "GET", null);

        assertReadableBy(r, SPA);
        assertThat(header(r, "Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(header(p, "Access-Control-Allow-Credentials")).isEqualTo("true");
    }

    @Test
    void readOnlyDrainRedirectAndHoldResponsesAreReadableToo() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).build());

        controller.enter("ALL", MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build());
        HttpResponse<String> readOnly = send("POST", "/orders", "Origin", SPA, "Accept", "application/json");
        assertThat(readOnly.statusCode()).isEqualTo(503);
        assertThat(header(readOnly, "X-Maintenance-Mode")).isEqualTo("read-only");
        assertReadableBy(readOnly, SPA);
        controller.exit("ALL");

        controller.enter("ALL", MaintenanceRequest.builder()
                .options(WindowOptions.builder().redirect("/status.html").build()).build());
        HttpResponse<String> redirect = Http.get(server.uri("/orders"), "Origin", SPA);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertReadableBy(redirect, SPA);
        controller.exit("ALL");

        controller.startDrain("ALL", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> drained = Http.get(server.uri("/orders"), "Origin", SPA, "Accept", "application/json");
        assertThat(drained.statusCode()).isEqualTo(503);
        assertThat(header(drained, "X-Drain-Mode")).isEqualTo("true");
        assertReadableBy(drained, SPA);
        controller.cancelDrain("ALL");

        controller.enter("ALL", MaintenanceRequest.builder()
                .options(WindowOptions.builder().mode(MaintenanceMode.HOLD).hold(Duration.ofSeconds(1)).build()).build());
        HttpResponse<String> heldThenPage = Http.CLIENT.sendAsync(Http.request(server.uri("/orders"), "Origin", SPA,
                "Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        assertThat(heldThenPage.statusCode()).isEqualTo(503);
        assertThat(controller.status("*").holdTimedOut()).isEqualTo(1);
        assertReadableBy(heldThenPage, SPA);
    }

    @Test
    void aPreflightToABlockedRouteIsAnsweredForAnAllowedOrigin() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).build());
        controller.enter("ALL");

        HttpResponse<String> r = preflight("/api/orders", SPA, "PUT", "content-type, X-Requested-With");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(SPA);
        assertThat(header(r, "Access-Control-Allow-Methods")).isEqualTo("PUT");
        assertThat(header(r, "Access-Control-Allow-Headers")).isEqualTo("content-type, X-Requested-With");
        assertThat(header(r, "Access-Control-Max-Age")).isEqualTo(Integer.toString(CorsPolicy.PREFLIGHT_MAX_AGE_SECONDS));
        assertThat(header(r, "Vary")).contains("Origin");
        assertThat(r.headers().map()).doesNotContainKeys("access-control-allow-credentials", "retry-after");
        // A preflight is not a maintenance hit: the browser's real request is.
        assertThat(controller.status("*").maintenanceHits()).isZero();
    }

    @Test
    void aPreflightToAHeldRouteIsAnsweredAtOnceNotParked() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).build());
        controller.enter("ALL", MaintenanceRequest.builder()
                .options(WindowOptions.builder().mode(MaintenanceMode.HOLD).hold(Duration.ofMinutes(1)).build()).build());

        HttpResponse<String> r = preflight("/api/orders", SPA, "POST", "content-type");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(controller.status("*").held()).isZero();
    }

    @Test
    void aPreflightFromAnotherOriginOrMalformedGets204WithoutCorsHeadersNeverThePage() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).build());
        controller.enter("ALL");

        HttpResponse<String> other = preflight("/api/orders", OTHER, "PUT", null);
        HttpResponse<String> badHeader = preflight("/api/orders", SPA, "PUT", "content-type, x bad");
        HttpResponse<String> badMethod = preflight("/api/orders", SPA, "P(T", null);
        HttpResponse<String> tooLong = preflight("/api/orders", SPA, "PUT", "x-a,".repeat(300) + "x-b");

        for (HttpResponse<String> r : java.util.List.of(other, badHeader, badMethod, tooLong)) {
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            assertNoCors(r);
        }
    }

    @Test
    void withoutConfigurationAPreflightToABlockedRouteGets204NotThePage() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");

        HttpResponse<String> r = preflight("/api/orders", SPA, "DELETE", null);

        assertThat(r.statusCode()).isEqualTo(204);
        assertNoCors(r);
        // A plain OPTIONS (no preflight) still gets the page.
        assertThat(send("OPTIONS", "/api/orders").statusCode()).isEqualTo(503);
    }

    @Test
    void preflightsToRoutesNotBlockedGoToTheApplication() throws Exception {
        start(FilterSettings.custom().corsAllowedOrigins(SPA).exemptPaths("/health").build());

        HttpResponse<String> serving = preflight("/api/orders", SPA, "PUT", null);
        assertThat(serving.statusCode()).isEqualTo(200);
        assertThat(serving.body()).isEqualTo("app OPTIONS /api/orders");
        assertNoCors(serving);

        controller.enter("ALL", MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build());
        HttpResponse<String> readOnly = preflight("/api/orders", SPA, "POST", null);
        assertThat(readOnly.statusCode()).isEqualTo(200);
        assertThat(readOnly.body()).isEqualTo("app OPTIONS /api/orders");
        assertThat(header(readOnly, "X-Read-Only")).isEqualTo("true");

        controller.enter("ALL");
        HttpResponse<String> exempt = preflight("/health", SPA, "GET", null);
        assertThat(exempt.statusCode()).isEqualTo(200);
        assertThat(exempt.body()).isEqualTo("app OPTIONS /health");
        // Passed responses are the application's: the filter adds no CORS header to them.
        HttpResponse<String> passed = Http.get(server.uri("/health"), "Origin", SPA);
        assertThat(passed.statusCode()).isEqualTo(200);
        assertNoCors(passed);
    }
}
