package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.change.Change;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A damaged state file at start is loud: the store status names the damage until a change is saved
 * over it, and the damaged-state policy decides whether the application serves or enters
 * maintenance. A state whose version cannot move on is damaged too.
 */
class DamagedStateTest {

    private static final String GARBAGE = "format=1.0\nversion=12\nsaved_at=not a time\n";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atDefault();

    private Path file() {
        return dir.resolve("state.properties");
    }

    private MaintenanceController controller(DamagedStatePolicy policy) {
        return MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .stateStore(FileStateStore.builder(file()).clock(clock).build())
                .onDamagedState(policy)
                .build());
    }

    @Test
    void byDefaultADamagedStateServesEveryRouteAndIsReportedUntilAChangeIsSaved() throws Exception {
        Files.writeString(file(), GARBAGE);

        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .stateStore(FileStateStore.builder(file()).clock(clock).build()).build())) {
            assertThat(c.config().damagedStatePolicy()).isEqualTo(DamagedStatePolicy.SERVE);
            StoreStatus status = c.storeStatus();
            assertThat(status.damaged()).isTrue();
            assertThat(status.unreachable()).isFalse();
            assertThat(status.damage()).startsWith("the state file " + file().toRealPath() + " is damaged: ")
                    .contains("key 'saved_at' = 'not a time'");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);

            assertThat(c.apply(Change.enter("api"), Cause.api()).storeSaved()).isTrue();

            assertThat(c.storeStatus().damaged()).isFalse();
            assertThat(c.storeStatus().damage()).isNull();
        }
    }

    @Test
    void theMaintenancePolicyPutsTheWholeApplicationInMaintenanceNamingTheDamage() throws Exception {
        Files.writeString(file(), GARBAGE);

        try (MaintenanceController c = controller(DamagedStatePolicy.MAINTENANCE)) {
            assertThat(c.decide("h", "/api/x").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("h", "/other").action()).isEqualTo(Action.MAINTENANCE);
            MaintenanceState all = c.snapshot().state("*").maintenance();
            assertThat(all.message()).isEqualTo(DefaultMaintenanceController.DAMAGED_STATE_MESSAGE);
            assertThat(all.cause().source()).isEqualTo(Cause.Source.STORE);
            assertThat(all.cause().actor()).startsWith("damaged state: the state file ")
                    .contains("key 'saved_at' = 'not a time'");
            assertThat(c.status("api").inMaintenance()).isTrue();
            assertThat(c.storeStatus().damaged()).as("still reported after the policy's own save").isTrue();

            c.exit("ALL");

            assertThat(c.decide("h", "/api/x").action()).isEqualTo(Action.PASS);
            assertThat(c.storeStatus().damaged()).isFalse();
        }
    }

    @Test
    void aStateThatFailsValidationAtStartIsReportedAsDamage() throws Exception {
        Files.writeString(file(), "format=1.0\nversion=3\nsaved_at=2026-01-01T00:00:00Z\n"
                + "route.count=1\nroute.0.id=api\nroute.0.maintenance.since=2026-01-01T00:00:00Z\n"
                + "route.0.maintenance.until=+999999999-12-31T23:59:59Z\nroute.0.maintenance.retry_after=PT5M\n"
                + "route.0.maintenance.cause=API\n");

        try (MaintenanceController c = controller(DamagedStatePolicy.SERVE)) {
            assertThat(c.storeStatus().damage()).startsWith("the saved state (version 3) is invalid: ");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void aStateAtTheLargestVersionIsDamagedAndTheNextChangeIsSaved() throws Exception {
        Files.writeString(file(), "format=1.0\nversion=" + Long.MAX_VALUE + "\nsaved_at=2026-01-01T00:00:00Z\n");

        try (MaintenanceController c = controller(DamagedStatePolicy.SERVE)) {
            assertThat(c.storeStatus().damage()).contains("key 'version' = '" + Long.MAX_VALUE + "'");

            assertThat(c.apply(Change.enter("api"), Cause.api()).storeSaved()).isTrue();

            assertThat(StoredStateFormat.decode(Files.readAllBytes(file())).version()).isEqualTo(1);
        }
        try (MaintenanceController again = controller(DamagedStatePolicy.SERVE)) {
            assertThat(again.storeStatus().damaged()).isFalse();
            assertThat(again.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        }
    }
}
