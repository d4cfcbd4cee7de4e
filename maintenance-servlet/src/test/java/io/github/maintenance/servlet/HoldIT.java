package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request hold: parked without a thread, released when the hold ends, the page when time runs out. */
@Timeout(60)
class HoldIT {

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;
    private JettyServer server;
    private MaintenanceFilter filter;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(FilterSettings settings, boolean asyncFilter) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        filter = new MaintenanceFilter(controller, settings);
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, filter).setAsyncSupported(asyncFilter);
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void enterHold(Duration hold) {
        controller.enter("ALL", MaintenanceRequest.builder()
                .options(WindowOptions.builder().mode(MaintenanceMode.HOLD).hold(hold).build()).build());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return Http.CLIENT.sendAsync(Http.request(server.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long held() {
        return controller.status("*").held();
    }

    @Test
    void aHeldRequestIsReleasedToTheApplicationWhenTheHoldEnds() throws Exception {
        start(FilterSettings.ofDefaults(), true);
        enterHold(Duration.ofMinutes(1));

        CompletableFuture<HttpResponse<String>> parked = getAsync("/orders");
        await().until(() -> held() == 1);
        assertThat(parked).isNotDone();
        controller.exit("ALL");

        HttpResponse<String> r = parked.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /orders");
        assertThat(controller.status("*").holdReleased()).isEqualTo(1);
        assertThat(controller.status("*").holdTimedOut()).isZero();
        assertThat(held()).isZero();
    }

    @Test
    void aHeldRequestGetsThePageWhenItsTimeRunsOut() throws Exception {
        start(FilterSettings.ofDefaults(), true);
        enterHold(Duration.ofSeconds(1));

        HttpResponse<String> r = getAsync("/orders").get(30, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isNotNull();
        assertThat(controller.status("*").holdTimedOut()).isEqualTo(1);
        assertThat(controller.status("*").holdReleased()).isZero();
        assertThat(held()).isZero();
    }

    @Test
    void beyondTheBoundRequestsGetThePageAtOnce() throws Exception {
        start(FilterSettings.custom().holdMaxRequests(1).build(), true);
        enterHold(Duration.ofMinutes(1));
        CompletableFuture<HttpResponse<String>> parked = getAsync("/first");
        await().until(() -> held() == 1);

        HttpResponse<String> second = Http.get(server.uri("/second"));

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(parked).isNotDone();
        controller.exit("ALL");
        assertThat(parked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAsyncSupportTheHoldFallsBackToThePage() throws Exception {
        start(FilterSettings.ofDefaults(), false);
        enterHold(Duration.ofMinutes(1));

        HttpResponse<String> r = Http.get(server.uri("/orders"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(held()).isZero();
        assertThat(controller.status("*").maintenanceHits()).isEqualTo(1);
    }

    @Test
    void destroyingTheFilterAnswersParkedRequests() throws Exception {
        start(FilterSettings.ofDefaults(), true);
        enterHold(Duration.ofMinutes(1));
        CompletableFuture<HttpResponse<String>> parked = getAsync("/orders");
        await().until(() -> held() == 1);

        // What the container does once a graceful stop has waited for open requests.
        filter.destroy();

        assertThat(parked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        assertThat(held()).isZero();
        assertThat(controller.status("*").holdTimedOut()).isEqualTo(1);
    }
}
