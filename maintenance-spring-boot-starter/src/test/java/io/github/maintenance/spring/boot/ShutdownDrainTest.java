package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;
import io.github.maintenance.spring.boot.testing.HeldRequests;
import io.github.maintenance.spring.boot.testing.ReadinessEvents;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ReadinessState;

/**
 * {@code maintenance.shutdown.drain}: closing the context drains {@code ALL} first, lets the
 * requests in flight finish, answers new ones with the drain answer, and ends as soon as none is
 * left.
 */
@Timeout(60)
class ShutdownDrainTest {

    private final ReadinessEvents readiness = new ReadinessEvents();
    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class, TestWebApp.ACTUATOR).listening(readiness);

    @Test
    void closeDrainsFirstLetsTheRequestInFlightFinishAndEndsWhenNoneIsLeft() throws Exception {
        BootApp app = apps.start("maintenance.shutdown.drain=5s", "server.shutdown=graceful");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        InFlightRequests inFlight = app.bean(InFlightRequests.class);
        HeldRequests held = app.bean(HeldRequests.class);
        CompletableFuture<HttpResponse<String>> slow = app.getAsync("/slow");
        assertThat(held.awaitEntered(Duration.ofSeconds(10))).isTrue();
        assertThat(inFlight.count()).isEqualTo(1);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(app.context()::close);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> controller.snapshot().state("*").draining());

        HttpResponse<String> rejected = app.get("/hello");
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.headers().firstValue("X-Drain-Mode")).hasValue("true");
        assertThat(closed).isNotDone();
        assertThat(readiness.all()).contains(ReadinessState.REFUSING_TRAFFIC);

        held.release();
        HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("done");
        // None left in flight: the drain ends at once, well before its 5 s.
        closed.get(3, TimeUnit.SECONDS);
        assertThat(inFlight.count()).isZero();
    }

    @Test
    void allInMaintenanceKeepsThePageDuringTheShutdownDrain() throws Exception {
        BootApp app = apps.start("maintenance.shutdown.drain=5s");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}");

        app.context().close();

        assertThat(controller.snapshot().state("*").inMaintenance()).isTrue();
        assertThat(controller.snapshot().state("*").draining()).isFalse();
    }

    @Test
    void aPersistentStoreIsNotDrainedOnShutdown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.properties");
        BootApp app = apps.start("maintenance.shutdown.drain=5s", "maintenance.store.type=file",
                "maintenance.store.file.path=" + file);
        MaintenanceController controller = app.bean(MaintenanceController.class);
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"/hello\"}");
        long version = controller.snapshot().version();

        app.context().close();

        // A drain saved there would reach the other instances sharing the store, or the next start.
        assertThat(controller.snapshot().version()).isEqualTo(version);
        assertThat(controller.snapshot().state("*").draining()).isFalse();
        assertThat(Files.readString(file)).contains("hello").doesNotContain("drain.start");
    }

    @Test
    void withoutTheSettingNothingDrainsOnClose() {
        BootApp app = apps.start();

        assertThat(app.context().getBeanNamesForType(MaintenanceShutdownDrain.class)).isEmpty();
        assertThat(app.context().getBeanNamesForType(InFlightRequests.class)).isEmpty();
    }

    @Test
    void anInvalidPeriodIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> apps.start("maintenance.shutdown.drain=0s"))
                .hasStackTraceContaining("maintenance.shutdown.drain");
    }
}
