package io.github.maintenance.containers;

import static io.github.maintenance.servlet.testing.Http.header;
import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.containers.ContainerServer.App;
import io.github.maintenance.containers.ContainerServer.ServletSpec;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.state.MaintenanceMode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Request hold on a container other than Jetty, with few request threads: a parked request holds
 * no thread (more requests than the container has threads are parked at once while other requests
 * are still served), is released to the application when the hold ends, and gets the maintenance
 * page when its time runs out (the container's async time-out).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class ContainerHoldTest {

    /** The request threads of the container under test. */
    static final int THREADS = 3;
    /** How many requests are parked at once: several times the threads. */
    private static final int PARKED = 4 * THREADS;

    private ContainerServer server;
    private MaintenanceController controller;

    /** A new, not yet started server running servlets on at most {@code threads} threads. */
    abstract ContainerServer newServer(int threads);

    @BeforeAll
    void startContainer() throws Exception {
        server = newServer(THREADS);
        server.start(new App(Map.of("routes", "held path=/held"), List.of(
                new ServletSpec("info", ContractApp.InfoServlet.class, Map.of(), -1, List.of("/info")),
                new ServletSpec("error-page", ContractApp.ErrorPageServlet.class, Map.of(), -1,
                        List.of(ContractApp.ERROR_PAGE)),
                new ServletSpec("app", ContractApp.AppServlet.class, Map.of(), -1, List.of("/"))),
                ContractApp.ERROR_PAGE));
        // The filter publishes its controller at its init, which some containers run at the first request.
        assertThat(get("/info").statusCode()).isEqualTo(200);
        controller = (MaintenanceController) server.servletContext().getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
        assertThat(controller).as("the controller the filter publishes").isNotNull();
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void leaveMaintenance() {
        if (controller != null) {
            controller.exit("ALL");
        }
    }

    private HttpResponse<String> get(String path) {
        return Http.get(server.baseUri().resolve(path));
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return Http.CLIENT.sendAsync(Http.request(server.baseUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void enterHold(Duration hold) {
        controller.enter(Target.parse("held"), MaintenanceRequest.builder()
                .options(WindowOptions.builder().mode(MaintenanceMode.HOLD).hold(hold).build()).build(),
                Cause.api("test"));
    }

    private long held() {
        return controller.status("held").held();
    }

    @Test
    void moreRequestsThanThreadsAreParkedAtOnceAndReleasedToTheApplicationWhenTheHoldEnds() throws Exception {
        enterHold(Duration.ofMinutes(1));
        long releasedBefore = controller.status("held").holdReleased();

        List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            parked.add(getAsync("/held/" + i));
        }
        await(Duration.ofSeconds(30)).until(() -> held() == PARKED);
        assertThat(parked).noneMatch(CompletableFuture::isDone);
        HttpResponse<String> other = get("/shop");
        assertThat(other.body()).as("served while %d requests are parked on %d threads", PARKED, THREADS)
                .isEqualTo("app GET /shop");

        controller.exit("held");

        for (int i = 0; i < PARKED; i++) {
            HttpResponse<String> r = parked.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("app GET /held/" + i);
            assertThat(header(r, "X-Maintenance-Mode")).isNull();
        }
        assertThat(held()).isZero();
        assertThat(controller.status("held").holdReleased() - releasedBefore).isEqualTo(PARKED);
    }

    @Test
    void aHeldRequestWhoseTimeRunsOutGetsTheMaintenancePage() throws Exception {
        enterHold(Duration.ofSeconds(1));
        long timedOutBefore = controller.status("held").holdTimedOut();

        HttpResponse<String> r = getAsync("/held/late").get(30, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isNotNull();
        assertThat(r.body()).doesNotContain("app GET");
        assertThat(controller.status("held").holdTimedOut() - timedOutBefore).isEqualTo(1);
        assertThat(held()).isZero();
    }
}
