package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * {@code maintenance.shutdown.drain}: closing the context drains {@code ALL} first, lets the
 * requests in flight finish, answers new ones with the drain answer, and ends as soon as none is
 * left.
 */
@Timeout(60)
class ShutdownDrainTest {

    private OpsTestApp app;
    private final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
    private final ApplicationListener<AvailabilityChangeEvent<?>> capture = e -> {
        if (e.getState() instanceof ReadinessState r) {
            readiness.add(r);
        }
    };

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void closeDrainsFirstLetsTheRequestInFlightFinishAndEndsWhenNoneIsLeft() throws Exception {
        app = OpsTestApp.start(List.of("maintenance.shutdown.drain=5s", "server.shutdown=graceful"), capture);
        MaintenanceController controller = app.bean(MaintenanceController.class);
        InFlightRequests inFlight = app.bean(InFlightRequests.class);
        CompletableFuture<HttpResponse<String>> slow = app.http.sendAsync(
                HttpRequest.newBuilder(app.uri("/slow")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(OpsTestApp.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.count()).isEqualTo(1);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(app.context::close);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> controller.snapshot().state("*").draining());

        HttpResponse<String> rejected = app.get("/hello");
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.headers().firstValue("X-Drain-Mode")).hasValue("true");
        assertThat(closed).isNotDone();
        assertThat(readiness).contains(ReadinessState.REFUSING_TRAFFIC);

        OpsTestApp.release.countDown();
        HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("done");
        // None left in flight: the drain ends at once, well before its 5 s.
        closed.get(3, TimeUnit.SECONDS);
        assertThat(inFlight.count()).isZero();
    }

    @Test
    void allInMaintenanceKeepsThePageDuringTheShutdownDrain() throws Exception {
        app = OpsTestApp.start(List.of("maintenance.shutdown.drain=5s"));
        MaintenanceController controller = app.bean(MaintenanceController.class);
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}");

        app.context.close();

        assertThat(controller.snapshot().state("*").inMaintenance()).isTrue();
        assertThat(controller.snapshot().state("*").draining()).isFalse();
    }

    @Test
    void aPersistentStoreIsNotDrainedOnShutdown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.properties");
        app = OpsTestApp.start(List.of("maintenance.shutdown.drain=5s", "maintenance.store.type=file",
                "maintenance.store.file.path=" + file));
        MaintenanceController controller = app.bean(MaintenanceController.class);
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"/hello\"}");
        long version = controller.snapshot().version();

        app.context.close();

        // A drain saved there would reach the other instances sharing the store, or the next start.
        assertThat(controller.snapshot().version()).isEqualTo(version);
        assertThat(controller.snapshot().state("*").draining()).isFalse();
        assertThat(Files.readString(file)).contains("hello").doesNotContain("drain.start");
    }

    @Test
    void withoutTheSettingNothingDrainsOnClose() {
        app = OpsTestApp.start(List.of());

        assertThat(app.context.getBeanNamesForType(MaintenanceShutdownDrain.class)).isEmpty();
        assertThat(app.context.getBeanNamesForType(InFlightRequests.class)).isEmpty();
    }

    @Test
    void anInvalidPeriodIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsTestApp.start(List.of("maintenance.shutdown.drain=0s")))
                .hasStackTraceContaining("maintenance.shutdown.drain");
    }
}
