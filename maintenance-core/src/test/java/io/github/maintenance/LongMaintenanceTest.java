package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceEvent.Type;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.Phase;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The long-maintenance warning ({@code stuckAfter}) and the maximum duration ({@code maxDuration}). */
class LongMaintenanceTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;

    private MaintenanceController create(MaintenanceConfig.Builder builder) {
        if (controller != null) {
            controller.close();
        }
        controller = MaintenanceController.create(builder
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .build());
        controller.addListener(events::add);
        return controller;
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private List<MaintenanceEvent> of(Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    private static MaintenanceRequest message(String text) {
        return MaintenanceRequest.builder().message(text).build();
    }

    @Test
    void aRouteInMaintenanceLongerThanTheThresholdIsReportedOncePerEntry() {
        create(TestControllers.config(clock).stuckAfter(Duration.ofHours(2)));
        Instant began = clock.instant();
        controller.enter("api");

        clock.advance(Duration.ofHours(2).minusSeconds(1));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).isEmpty();
        assertThat(controller.status("api").stuck()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).singleElement().satisfies(e -> {
            assertThat(e.routeIds()).containsExactly("api");
            assertThat(e.cause().source()).isEqualTo(Cause.Source.TIMER);
            assertThat(e.detail()).isEqualTo("in maintenance since " + began + " (2h), stuckAfter=2h");
        });
        assertThat(controller.status("api").stuck()).isTrue();
        assertThat(controller.status("api").maintenanceBegan()).isEqualTo(began);
        assertThat(controller.status("admin").stuck()).isFalse();
        assertThat(controller.status("admin").maintenanceBegan()).isNull();
        // Maintenance goes on: the warning changes nothing.
        assertThat(controller.snapshot().state("api").phase()).isEqualTo(Phase.MAINTENANCE);

        clock.advance(Duration.ofHours(1));
        controller.tick();
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).hasSize(1);
    }

    @Test
    void enteringAgainKeepsTheStartButIsANewEntryToReport() {
        create(TestControllers.config(clock).stuckAfter(Duration.ofHours(2)));
        Instant began = clock.instant();
        controller.enter("api");
        clock.advance(Duration.ofHours(3));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).hasSize(1);

        // New options on the maintenance in force: no gap, so the clock does not restart ...
        controller.enter("api", message("Still working on it"));
        assertThat(controller.status("api").maintenanceSince()).isEqualTo(clock.instant());
        assertThat(controller.status("api").maintenanceBegan()).isEqualTo(began);
        assertThat(controller.status("api").stuck()).isTrue();
        // ... and the new entry is reported once more.
        controller.tick();
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).hasSize(2);

        // Leaving maintenance ends the run: a later entry starts from zero.
        controller.exit("api");
        assertThat(controller.status("api").stuck()).isFalse();
        controller.enter("api");
        assertThat(controller.status("api").maintenanceBegan()).isEqualTo(clock.instant());
        assertThat(controller.status("api").stuck()).isFalse();
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).hasSize(2);
    }

    @Test
    void theThresholdIsADayByDefaultAndZeroTurnsItOff() {
        assertThat(MaintenanceConfig.ofDefaults().stuckAfter()).isEqualTo(Duration.ofHours(24));
        create(TestControllers.config(clock));
        controller.enter("api");
        clock.advance(Duration.ofHours(23));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).isEmpty();
        clock.advance(Duration.ofHours(1));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).hasSize(1);

        events.clear();
        create(TestControllers.config(clock).stuckAfter(Duration.ZERO));
        controller.enter("api");
        clock.advance(Duration.ofDays(30));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).isEmpty();
        assertThat(controller.status("api").stuck()).isFalse();
        assertThat(controller.config().stuckAfter()).isZero();
        assertThat(MaintenanceConfig.custom().stuckAfter(null).build().stuckAfter()).isZero();
    }

    @Test
    void everyRouteOfAWholeApplicationMaintenanceIsReported() {
        create(TestControllers.config(clock).stuckAfter(Duration.ofMinutes(30)));
        controller.enter("ALL");
        clock.advance(Duration.ofMinutes(30));
        controller.tick();
        assertThat(of(Type.MAINTENANCE_STUCK)).flatExtracting(MaintenanceEvent::routeIds)
                .containsExactlyInAnyOrder("*", "api", "admin");
    }

    @Test
    void outOfRangeLimitsAreRefused() {
        assertThatThrownBy(() -> MaintenanceConfig.custom().stuckAfter(Duration.ofSeconds(59)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("stuckAfter");
        assertThatThrownBy(() -> MaintenanceConfig.custom().stuckAfter(Duration.ofDays(367)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("stuckAfter");
        assertThatThrownBy(() -> MaintenanceConfig.custom().maxDuration(Duration.ofMinutes(-5)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("maxDuration");
        assertThatThrownBy(() -> MaintenanceConfig.custom().maxDuration(Duration.ofSeconds(1)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("maxDuration");
        MaintenanceConfig edges = MaintenanceConfig.custom().stuckAfter(Duration.ofMinutes(1))
                .maxDuration(Duration.ofDays(366)).build();
        assertThat(edges.stuckAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(edges.maxDuration()).isEqualTo(Duration.ofDays(366));
        assertThat(MaintenanceConfig.from(edges).build().maxDuration()).isEqualTo(Duration.ofDays(366));
        assertThat(MaintenanceConfig.ofDefaults().maxDuration()).isZero();
    }

    @Test
    void maintenanceWithoutAnEndEndsAfterTheMaximumDuration() {
        create(TestControllers.config(clock).maxDuration(Duration.ofHours(1)).stuckAfter(Duration.ZERO));
        controller.enter("api");
        controller.enter(Target.parse("admin"), MaintenanceRequest.builder().duration(Duration.ofHours(3)).build(),
                Cause.api());
        clock.advance(Duration.ofMinutes(30));
        // Updating the options does not restart the clock.
        controller.enter("api", message("Nearly done"));
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        controller.tick();
        assertThat(controller.snapshot().state("api").phase()).isEqualTo(Phase.MAINTENANCE);

        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        assertThat(controller.snapshot().state("api").phase()).isEqualTo(Phase.SERVING);
        assertThat(controller.decide("h", "/api/x").action()).isEqualTo(Decision.Action.PASS);
        assertThat(of(Type.MAINTENANCE_EXITED)).singleElement().satisfies(e -> {
            assertThat(e.routeIds()).containsExactly("api");
            assertThat(e.detail()).isEqualTo("max duration reached (1h)");
            assertThat(e.cause().source()).isEqualTo(Cause.Source.TIMER);
        });
        assertThat(controller.history()).anySatisfy(w -> assertThat(w.routeId()).isEqualTo("api"));
        // An explicit end is left alone, even past the maximum.
        assertThat(controller.snapshot().state("admin").phase()).isEqualTo(Phase.MAINTENANCE);
        clock.advance(Duration.ofHours(2));
        controller.tick();
        assertThat(controller.snapshot().state("admin").phase()).isEqualTo(Phase.SERVING);
        assertThat(of(Type.MAINTENANCE_EXITED)).last()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("until reached"));
    }

    @Test
    void theMaximumDurationEndsAWholeApplicationMaintenanceAndRestartsWithANewEntry() {
        create(TestControllers.config(clock).maxDuration(Duration.ofMinutes(10)));
        controller.enter("ALL");
        clock.advance(Duration.ofMinutes(10));
        controller.tick();
        assertThat(controller.snapshot().state("*").phase()).isEqualTo(Phase.SERVING);
        assertThat(controller.snapshot().state("api").phase()).isEqualTo(Phase.SERVING);
        // A route added now does not inherit an ended whole-application maintenance.
        controller.apply(io.github.maintenance.change.Changes.of(new io.github.maintenance.change.Change.PutRoute(
                Route.builder("late").path("/late").build())), Cause.api());
        assertThat(controller.snapshot().state("late").phase()).isEqualTo(Phase.SERVING);

        controller.enter("api");
        clock.advance(Duration.ofMinutes(9));
        controller.tick();
        assertThat(controller.snapshot().state("api").phase()).isEqualTo(Phase.MAINTENANCE);
    }

    @Test
    void whenMaintenanceBeganIsSavedAndRead(@TempDir Path dir) {
        Path file = dir.resolve("state.properties");
        create(TestControllers.config(clock).stateStore(FileStateStore.open(file)).stuckAfter(Duration.ofHours(1)));
        Instant began = clock.instant();
        controller.enter("api");
        clock.advance(Duration.ofMinutes(90));
        controller.enter("api", message("later"));
        controller.close();

        create(TestControllers.config(clock).stateStore(FileStateStore.open(file)).stuckAfter(Duration.ofHours(1)));
        assertThat(controller.status("api").maintenanceBegan()).isEqualTo(began);
        assertThat(controller.status("api").maintenanceSince()).isEqualTo(clock.instant());
        assertThat(controller.status("api").stuck()).isTrue();
    }

    @Test
    void theStoredStartIsWrittenOnlyWhenEarlierAndNeverAfterSince() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        MaintenanceState fresh = new MaintenanceState(null, null, Duration.ofMinutes(5), t, null, Cause.api());
        MaintenanceState renewed = fresh.withBegan(t.minusSeconds(3600));
        StoredState s = new StoredState(3, t, Map.of("api", new RouteState(renewed, null), "admin",
                new RouteState(fresh, null)), List.of(), null, null);
        String text = StoredStateFormat.encode(s);
        assertThat(text).contains("route.1.maintenance.began=2026-03-01T09\\:00\\:00Z").doesNotContain(
                "route.0.maintenance.began");
        assertThat(StoredStateFormat.decode(text)).isEqualTo(s);

        String bad = text.replace("began=2026-03-01T09", "began=2026-03-01T11");
        assertThatThrownBy(() -> StoredStateFormat.decode(bad)).isInstanceOf(DamagedStateException.class)
                .hasMessageContaining("began");
    }
}
