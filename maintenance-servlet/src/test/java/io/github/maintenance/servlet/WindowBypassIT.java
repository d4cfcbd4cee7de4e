package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A maintenance window's own bypass secret ({@code enter --secret S}) over real HTTP. */
@Timeout(60)
class WindowBypassIT {

    private static final String WINDOW_SECRET = "window-7f3a9c21";
    private static final String STATIC_SECRET = "c0ffee-4b1d-42f0-9e8a-5a3c2d1e0f99";
    private static final String COOKIE = "maintenance_bypass";

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
        start("/", settings);
    }

    private void start(String contextPath, FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock)
                .route(Route.builder("admin").path("/admin").build())
                .build());
        server = jetty.start(contextPath, ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void enter(String target, String secret) {
        controller.enter(target, MaintenanceRequest.builder()
                .options(WindowOptions.builder().bypassSecret(secret).build()).build());
    }

    private static String cookieOf(HttpResponse<?> response) {
        String setCookie = header(response, "Set-Cookie");
        assertThat(setCookie).as("Set-Cookie").isNotNull().startsWith(COOKIE + "=");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theWindowsSecretUrlSetsACookieThatPassesWhileTheWindowLasts() throws Exception {
        start(FilterSettings.ofDefaults());
        enter("ALL", WINDOW_SECRET);

        HttpResponse<String> r = Http.get(server.uri("/" + WINDOW_SECRET));

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Location")).isEqualTo("/");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Set-Cookie")).matches(COOKIE + "=w1\\.\\d+\\.[A-Za-z0-9_-]{43}; Path=/; Max-Age=43200; .*");
        String cookie = cookieOf(r);
        HttpResponse<String> team = Http.get(server.uri("/cart"), "Cookie", cookie);
        assertThat(team.statusCode()).isEqualTo(200);
        assertThat(team.body()).isEqualTo("app GET /cart");
        assertThat(Http.get(server.uri("/cart")).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/" + WINDOW_SECRET + "x")).statusCode()).as("another path").isEqualTo(503);
    }

    @Test
    void theCookieStopsWorkingWhenTheWindowsSecretChangesOrTheNextWindowHasNone() throws Exception {
        start(FilterSettings.ofDefaults());
        enter("ALL", WINDOW_SECRET);
        String cookie = cookieOf(Http.get(server.uri("/" + WINDOW_SECRET)));

        enter("ALL", "another-secret-2024");
        assertThat(Http.get(server.uri("/cart"), "Cookie", cookie).statusCode()).as("secret changed").isEqualTo(503);
        assertThat(Http.get(server.uri("/" + WINDOW_SECRET)).statusCode()).as("old secret URL").isEqualTo(503);
        assertThat(Http.get(server.uri("/cart"), "Cookie", cookieOf(Http.get(server.uri("/another-secret-2024"))))
                .statusCode()).isEqualTo(200);

        controller.exit("ALL");
        controller.enter("ALL");
        assertThat(Http.get(server.uri("/cart"), "Cookie", cookie).statusCode()).as("a window without a secret")
                .isEqualTo(503);
        assertThat(Http.get(server.uri("/" + WINDOW_SECRET)).statusCode()).isEqualTo(503);
    }

    @Test
    void theCookieExpiresAfterTheBypassLifetime() throws Exception {
        start(FilterSettings.ofDefaults());
        enter("ALL", WINDOW_SECRET);
        String cookie = cookieOf(Http.get(server.uri("/" + WINDOW_SECRET)));

        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).isEqualTo(503);
    }

    @Test
    void theCookieOfOneWindowDoesNotPassAnother() throws Exception {
        start(FilterSettings.ofDefaults());
        enter("admin", WINDOW_SECRET);
        String cookie = cookieOf(Http.get(server.uri("/" + WINDOW_SECRET)));
        assertThat(Http.get(server.uri("/admin/users"), "Cookie", cookie).statusCode()).isEqualTo(200);

        enter("*", "catch-all-secret");
        assertThat(Http.get(server.uri("/shop"), "Cookie", cookie).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/admin/users"), "Cookie", cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void theHeaderWithTheWindowsSecretPassesAndSetsTheCookie() throws Exception {
        start(FilterSettings.ofDefaults());
        enter("ALL", WINDOW_SECRET);

        HttpResponse<String> r = Http.get(server.uri("/api"), BypassCookie.HEADER, WINDOW_SECRET);
        HttpResponse<String> wrong = Http.get(server.uri("/api"), BypassCookie.HEADER, WINDOW_SECRET + "x");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Cache-Control")).as("the application's own").isEqualTo("max-age=60");
        assertThat(Http.get(server.uri("/other"), "Cookie", cookieOf(r)).statusCode()).isEqualTo(200);
        assertThat(wrong.statusCode()).isEqualTo(503);
    }

    @Test
    void theStaticSecretKeepsWorkingBesideTheWindowsAndItsPathApplies() throws Exception {
        start("/shop", FilterSettings.custom().bypassSecret(STATIC_SECRET).bypassPath("/_team")
                .bypassCookieName("team_pass").build());
        enter("ALL", WINDOW_SECRET);

        assertThat(Http.get(server.uri("/shop/" + WINDOW_SECRET)).statusCode()).as("not under bypassPath")
                .isEqualTo(503);
        HttpResponse<String> window = Http.get(server.uri("/shop/_team/" + WINDOW_SECRET));
        HttpResponse<String> fixed = Http.get(server.uri("/shop/_team/" + STATIC_SECRET));

        assertThat(window.statusCode()).isEqualTo(302);
        assertThat(header(window, "Location")).isEqualTo("/shop/");
        assertThat(header(window, "Set-Cookie")).startsWith("team_pass=w1.").contains("; Path=/shop; ");
        assertThat(fixed.statusCode()).isEqualTo(302);
        assertThat(header(fixed, "Set-Cookie")).startsWith("team_pass=1.");
        for (HttpResponse<String> r : java.util.List.of(window, fixed)) {
            String c = header(r, "Set-Cookie").substring(0, header(r, "Set-Cookie").indexOf(';'));
            assertThat(Http.get(server.uri("/shop/cart"), "Cookie", c).statusCode()).as(c).isEqualTo(200);
        }
    }

    @Test
    void aCookieForgedWithAnotherKeyOrTheStaticFormatIsIgnored() throws Exception {
        start(FilterSettings.ofDefaults());
        enter("ALL", WINDOW_SECRET);
        String cookie = cookieOf(Http.get(server.uri("/" + WINDOW_SECRET)));
        String value = cookie.substring(COOKIE.length() + 1);
        String other = BypassCookie.forWindow(WindowOptions.hashSecret("not-the-secret"), COOKIE, Duration.ofHours(1))
                .issue(clock.millis());

        for (String bad : java.util.List.of(COOKIE + "=" + value.substring(1), COOKIE + "=" + other,
                COOKIE + "=" + value + "x", "other=" + value)) {
            assertThat(Http.get(server.uri("/"), "Cookie", bad).statusCode()).as(bad).isEqualTo(503);
        }
    }
}
