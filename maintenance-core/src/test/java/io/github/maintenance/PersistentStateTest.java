package io.github.maintenance;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.Phase;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Controllers on a file store: state survives a crash, and controllers sharing the file follow each other. */
class PersistentStateTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atDefault();

    private MaintenanceController controller() {
        return MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .stateStore(FileStateStore.builder(dir.resolve("state.properties")).pollInterval(Duration.ofMillis(50))
                        .build())
                .build());
    }

    @Test
    void maintenanceSurvivesAControllerThatWasNeverClosed() {
        MaintenanceController crashed = controller();
        MaintenanceController restarted = null;
        try {
            crashed.enter(Target.parse("api,/reports"), MaintenanceRequest.builder().message("Database upgrade")
                    .duration(Duration.ofHours(1)).build(), Cause.api("deploy"));
            crashed.startDrain("ALL", Duration.ofMinutes(2));
            long version = crashed.snapshot().version();

            // No close(): the process died. A new controller reads the file.
            restarted = controller();

            assertThat(restarted.snapshot().version()).isEqualTo(version);
            assertThat(restarted.decide("h", "/api/orders").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(restarted.decide("h", "/reports").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(restarted.status("api").maintenanceMessage()).isEqualTo("Database upgrade");
            assertThat(restarted.status("api").maintenanceUntil()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
            assertThat(restarted.status("*").phase()).isEqualTo(Phase.DRAINING);
            assertThat(restarted.routes()).extracting(Route::id).contains("path:/reports");

            restarted.exit("ALL");
            restarted.cancelDrain("ALL");
            try (MaintenanceController third = controller()) {
                assertThat(third.decide("h", "/api").action()).isEqualTo(Action.PASS);
                assertThat(third.routes()).extracting(Route::id).containsExactly("*", "api");
            }
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            crashed.close();
        }
    }

    @Test
    void aScheduledWindowSurvivesARestartInTheFileAndStartsAfterIt() {
        java.time.Instant start = clock.instant().plus(Duration.ofHours(2));
        java.time.Instant end = start.plus(Duration.ofMinutes(30));
        String id;
        try (MaintenanceController before = controller()) {
            id = before.schedule(Target.parse("/reports"), start, end,
                    MaintenanceRequest.builder().message("Nightly import").build(), Cause.api("ops")).id();
        }

        try (MaintenanceController after = controller()) {
            assertThat(after.schedules()).singleElement().satisfies(w -> {
                assertThat(w.id()).isEqualTo(id);
                assertThat(w.start()).isEqualTo(start);
                assertThat(w.message()).isEqualTo("Nightly import");
            });
            assertThat(after.decide("h", "/reports/today").scheduled()).isEqualTo(start + "/" + end);

            clock.set(start);
            after.tick();

            assertThat(after.decide("h", "/reports/today").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(after.status("path:/reports").maintenanceMessage()).isEqualTo("Nightly import");
        }
        try (MaintenanceController third = controller()) {
            assertThat(third.schedules()).singleElement().satisfies(w -> assertThat(w.started()).isTrue());
            assertThat(third.decide("h", "/reports").action()).isEqualTo(Action.MAINTENANCE);
        }
    }

    @Test
    void controllersSharingTheFileFollowEachOthersChanges() {
        try (MaintenanceController a = controller(); MaintenanceController b = controller()) {
            a.enter("api");
            await().until(() -> b.decide("h", "/api").action() == Action.MAINTENANCE);

            b.exit("api");
            await().until(() -> a.decide("h", "/api").action() == Action.PASS);
            assertThat(a.snapshot().version()).isEqualTo(b.snapshot().version());
        }
    }

    @Test
    void aDamagedFileAtStartIsReportedAndTheNextChangeReplacesIt() throws Exception {
        Files.writeString(dir.resolve("state.properties"), "format=1.0\nversion=12\nsaved_at=not a time\n");

        try (MaintenanceController c = controller()) {
            assertThat(c.storeStatus().available()).isFalse();
            assertThat(c.storeStatus().detail()).contains("key 'saved_at' = 'not a time'");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);

            c.enter("api");

            assertThat(c.storeStatus().available()).isTrue();
            assertThat(dir.resolve("state.properties.corrupt")).exists();
        }
        try (MaintenanceController again = controller()) {
            assertThat(again.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        }
    }
}
