package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The status endpoint for front ends: its JSON in each state (serving, full, read-only, hold,
 * draining, a window announced), for the host's root or the path given, its caching and CORS
 * headers, its methods, its validation of {@code path}, and that it is never blocked and never
 * shows secrets.
 */
@Timeout(60)
class StatusEndpointIT {

    private static final String STATUS = "/maintenance-status";
    private static final String SPA = "http://127.0.0.1:5173";
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

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
        controller = MaintenanceController.create(Apps.config(clock)
                .route(Route.builder("shop").path("/shop").build())
                .route(Route.builder("api").path("/api").build())
                .build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void start() throws Exception {
        start(FilterSettings.custom().statusPath(STATUS).corsAllowedOrigins(SPA).build());
    }

    private HttpResponse<String> status(String path, String... headers) {
        String query = path == null ? "" : "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        return Http.get(server.uri(STATUS + query), headers);
    }

    private static Map<String, Object> json(HttpResponse<String> r) throws IOException {
        assertThat(header(r, "Content-Type")).startsWith("application/json");
        return JSON.std.mapFrom(r.body());
    }

    private static Map<String, Object> serving() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("maintenance", false);
        m.put("mode", null);
        m.put("draining", false);
        m.put("until", null);
        m.put("message", null);
        m.put("announced", null);
        return m;
    }

    @Test
    void servingAnswersAllFieldsFalseOrNullCacheableForFiveSeconds() throws Exception {
        start();

        HttpResponse<String> r = status(null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsExactlyEntriesOf(serving());
        assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=5");
        assertThat(header(r, "Vary")).isEqualTo("Origin");
    }

    @Test
    void fullMaintenanceOfAPathShowsModeUntilAndMessageForThatPathOnly() throws Exception {
        start();
        Instant until = clock.instant().plus(Duration.ofMinutes(30));
        controller.enter(Target.parse("shop"), MaintenanceRequest.builder().message("Back at six").until(until).build(),
                Cause.api());

        Map<String, Object> shop = json(status("/shop/cart"));
        Map<String, Object> api = json(status("/api/orders"));
        Map<String, Object> root = json(status(null));

        assertThat(shop).containsEntry("maintenance", true).containsEntry("mode", "full")
                .containsEntry("draining", false).containsEntry("until", until.toString())
                .containsEntry("message", "Back at six").containsEntry("announced", null);
        assertThat(api).containsExactlyEntriesOf(serving());
        assertThat(root).containsExactlyEntriesOf(serving());
    }

    @Test
    void theEndpointIsNeverBlockedAndShowsNoSecrets() throws Exception {
        start(FilterSettings.custom().statusPath(STATUS).bypassSecret(SECRET).build());
        controller.enter(Target.all(), MaintenanceRequest.builder().pageUrl("http://127.0.0.1:9/internal-page")
                .options(WindowOptions.builder().bypassSecret("fedcba9876543210fedcba9876543210")
                        .redirect("/status.html").build()).build(), Cause.api("operator-alice"));
        assertThat(Http.get(server.uri("/shop")).statusCode()).isEqualTo(302);

        HttpResponse<String> r = status("/shop");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("maintenance", true).containsEntry("mode", "full").hasSize(6);
        assertThat(r.body()).doesNotContain("127.0.0.1", "internal-page", "fedcba", SECRET, "alice", "status.html");
    }

    @Test
    void readOnlyAndHoldAreShownAsModes() throws Exception {
        start();
        controller.enter("shop", MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build());
        controller.enter("api", MaintenanceRequest.builder()
                .options(WindowOptions.builder().mode(MaintenanceMode.HOLD).hold(Duration.ofSeconds(20)).build()).build());

        assertThat(json(status("/shop"))).containsEntry("maintenance", true).containsEntry("mode", "read-only");
        assertThat(json(status("/api/x"))).containsEntry("maintenance", true).containsEntry("mode", "hold");
    }

    @Test
    void drainingIsShownUntilMaintenanceHidesIt() throws Exception {
        start();
        controller.startDrain("api", Duration.ofMinutes(5));

        assertThat(json(status("/api"))).containsEntry("maintenance", false).containsEntry("draining", true)
                .containsEntry("mode", null);
        assertThat(json(status("/shop"))).containsEntry("draining", false);

        controller.enter("api");
        assertThat(json(status("/api"))).containsEntry("maintenance", true).containsEntry("draining", false);
    }

    @Test
    void theNextAnnouncedWindowOfThePathIsShownUntilItStarts() throws Exception {
        start();
        Instant start = clock.instant().plus(Duration.ofHours(2));
        Instant end = start.plus(Duration.ofMinutes(30));
        Instant laterStart = start.plus(Duration.ofDays(1));
        controller.schedule(Target.parse("shop"), laterStart, laterStart.plus(Duration.ofHours(1)),
                MaintenanceRequest.builder().message("Later").build(), Cause.api());
        controller.schedule(Target.parse("shop"), start, end, MaintenanceRequest.builder().message("Upgrade").build(),
                Cause.api());
        controller.schedule(Target.parse("/reports"), start, end, MaintenanceRequest.defaults(), Cause.api());

        Map<String, Object> shop = json(status("/shop/cart"));
        assertThat(shop).containsEntry("maintenance", false)
                .containsEntry("announced", Map.of("start", start.toString(), "end", end.toString(), "message", "Upgrade"));
        assertThat(json(status("/api"))).containsEntry("announced", null);
        // A path target with no declared route gets an ad-hoc route; its paths are announced too.
        assertThat(json(status("/reports/q3")).get("announced")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("start", start.toString())
                .containsEntry("message", null);

        clock.set(start);
        controller.tick();
        Map<String, Object> during = json(status("/shop/cart"));
        assertThat(during).containsEntry("maintenance", true).containsEntry("until", end.toString())
                .containsEntry("message", "Upgrade");
        assertThat(during.get("announced")).isEqualTo(
                Map.of("start", laterStart.toString(), "end", laterStart.plus(Duration.ofHours(1)).toString(),
                        "message", "Later"));
    }

    @Test
    void corsHeadersFollowTheConfiguredOrigins() throws Exception {
        start();

        HttpResponse<String> allowed = status(null, "Origin", SPA);
        HttpResponse<String> other = status(null, "Origin", "http://localhost:5173");
        HttpResponse<String> preflight = Http.send(Http.request(server.uri(STATUS), "Origin", SPA,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-app-version")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo(SPA);
        assertThat(header(other, "Access-Control-Allow-Origin")).isNull();
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(header(preflight, "Access-Control-Allow-Origin")).isEqualTo(SPA);
        assertThat(header(preflight, "Access-Control-Allow-Headers")).isEqualTo("x-app-version");
    }

    @Test
    void headHasNoBodyOtherMethodsGet405AndBadPathsGet400() throws Exception {
        start();

        HttpResponse<String> head = Http.head(server.uri(STATUS));
        HttpResponse<String> post = Http.post(server.uri(STATUS), "");
        HttpResponse<String> options = Http.send(Http.request(server.uri(STATUS))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(header(post, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(header(post, "Cache-Control")).isEqualTo("no-store");
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(header(options, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
        for (String bad : new String[] {"shop", "//127.0.0.1/shop", "/shop?x=1", "/" + "a".repeat(1024), "/a\u0001b"}) {
            HttpResponse<String> r = status(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
            assertThat(json(r)).containsKey("error");
        }
        HttpResponse<String> twice = Http.get(server.uri(STATUS + "?path=/a&path=/b"));
        assertThat(twice.statusCode()).isEqualTo(400);
        // Dot segments are resolved like the filter resolves request paths.
        controller.enter("shop");
        assertThat(json(status("/api/../shop/x"))).containsEntry("maintenance", true);
    }

    @Test
    void maxAgeZeroIsNoStoreAndTheEndpointIsOffByDefault() throws Exception {
        start(FilterSettings.custom().statusPath(STATUS).statusMaxAge(Duration.ZERO).build());
        assertThat(header(status(null), "Cache-Control")).isEqualTo("no-store");
        assertThat(header(status(null), "Vary")).isNull();
        jetty.server().close();
        controller.close();

        start(FilterSettings.ofDefaults());
        HttpResponse<String> r = Http.get(server.uri(STATUS));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET " + STATUS);
    }
}
