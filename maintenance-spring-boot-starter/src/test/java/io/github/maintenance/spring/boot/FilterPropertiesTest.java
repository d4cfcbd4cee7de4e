package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.Awaits;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code maintenance.read-only.allow}, {@code maintenance.hold.*},
 * {@code maintenance.retry-after-format} and {@code maintenance.exempt-robots-txt} reach the filter.
 */
@Timeout(60)
class FilterPropertiesTest {

    @RegisterExtension
    final BootApps apps = new BootApps(App.class);

    @Test
    void readOnlyAllowLetsTheListedRequestsPass() {
        BootApp app = apps.start("maintenance.read-only.allow=POST /login, PUT /api/profile");
        enter(app, WindowOptions.builder().mode(MaintenanceMode.READ_ONLY).build(), null);

        assertThat(post(app, "/login").statusCode()).isEqualTo(200);
        assertThat(post(app, "/login").body()).isEqualTo("signed-in");
        assertThat(post(app, "/orders").statusCode()).isEqualTo(503);
        assertThat(app.get("/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutReadOnlyAllowOnlySafeMethodsPass() {
        BootApp app = apps.start();
        enter(app, WindowOptions.builder().mode(MaintenanceMode.READ_ONLY).build(), null);

        assertThat(post(app, "/login").statusCode()).isEqualTo(503);
        assertThat(app.get("/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void holdTimeoutAnswersTheHeldRequestWithThePage() throws Exception {
        BootApp app = apps.start("maintenance.hold.timeout=1s");
        enter(app, WindowOptions.builder().mode(MaintenanceMode.HOLD).build(), null);

        // The default (30 s) would outlast the 10 s wait.
        HttpResponse<String> r = app.getAsync("/hello").get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(app.bean(MaintenanceController.class).status("*").holdTimedOut()).isEqualTo(1);
    }

    @Test
    void holdMaxRequestsAnswersRequestsBeyondItAtOnce() throws Exception {
        BootApp app = apps.start("maintenance.hold.max-requests=1");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        enter(app, WindowOptions.builder().mode(MaintenanceMode.HOLD).build(), null);
        CompletableFuture<HttpResponse<String>> parked = app.getAsync("/hello");
        Awaits.await().until(() -> controller.status("*").held() == 1);

        HttpResponse<String> second = app.get("/api/hello");

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(parked).isNotDone();
        controller.exit("ALL");
        assertThat(parked.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void retryAfterFormatSecondsGivesSecondsDespiteAKnownEnd() {
        BootApp seconds = apps.start("maintenance.retry-after-format=seconds", "maintenance.retry-after=7m");
        BootApp date = apps.start("maintenance.retry-after=7m");
        enter(seconds, null, Duration.ofHours(1));
        enter(date, null, Duration.ofHours(1));

        assertThat(seconds.get("/hello").headers().firstValue("Retry-After")).hasValue("420");
        assertThat(date.get("/hello").headers().firstValue("Retry-After").orElseThrow()).endsWith(" GMT");
    }

    @Test
    void exemptRobotsTxtFalseBlocksRobotsTxt() {
        BootApp blocked = apps.start("maintenance.exempt-robots-txt=false");
        BootApp exempt = apps.start();
        enter(blocked, null, null);
        enter(exempt, null, null);

        assertThat(blocked.get("/robots.txt").statusCode()).isEqualTo(503);
        assertThat(exempt.get("/robots.txt").statusCode()).isEqualTo(200);
        assertThat(exempt.get("/robots.txt").body()).startsWith("User-agent");
    }

    private static void enter(BootApp app, WindowOptions options, Duration duration) {
        app.bean(MaintenanceController.class).enter("ALL",
                MaintenanceRequest.builder().options(options).duration(duration).build());
    }

    private static HttpResponse<String> post(BootApp app, String path) {
        return app.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    }

    /** The test web application with a sign-in form target, a write and robots.txt. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({TestWebApp.Endpoints.class, App.Writes.class})
    static class App {

        /** Requests that change something, and robots.txt. */
        @RestController
        static class Writes {

            @PostMapping("/login")
            String login() {
                return "signed-in";
            }

            @PostMapping("/orders")
            String order() {
                return "ordered";
            }

            @GetMapping("/robots.txt")
            String robots() {
                return "User-agent: *\n";
            }
        }
    }
}
