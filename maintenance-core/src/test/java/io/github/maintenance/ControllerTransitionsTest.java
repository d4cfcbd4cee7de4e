package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.Phase;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

class ControllerTransitionsTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;

    @BeforeEach
    void start() {
        controller = create(TestControllers.config(clock));
    }

    private MaintenanceController create(MaintenanceConfig.Builder builder) {
        if (controller != null) {
            controller.close();
        }
        MaintenanceController c = MaintenanceController.create(builder
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .build());
        c.addListener(events::add);
        return c;
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private Phase phase(String id) {
        return controller.snapshot().state(id).phase();
    }

    private Action api() {
        return controller.decide("h", "/api/x").action();
    }

    private List<MaintenanceEvent.Type> eventTypes() {
        return events.stream().map(MaintenanceEvent::type).toList();
    }

    @Test
    void enterAndExitMoveBetweenServingAndMaintenance() {
        assertThat(phase("api")).isEqualTo(Phase.SERVING);

        assertThat(controller.enter("api")).containsExactly("api");
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        assertThat(api()).isEqualTo(Action.MAINTENANCE);
        assertThat(controller.decide("h", "/admin").action()).isEqualTo(Action.PASS);

        assertThat(controller.exit("api")).containsExactly("api");
        assertThat(phase("api")).isEqualTo(Phase.SERVING);
        assertThat(api()).isEqualTo(Action.PASS);
        assertThat(eventTypes()).containsExactly(MaintenanceEvent.Type.MAINTENANCE_ENTERED,
                MaintenanceEvent.Type.MAINTENANCE_EXITED);
    }

    @Test
    void exitingARouteNotInMaintenanceIsHarmlessAndSilent() {
        MaintenanceSnapshot before = controller.snapshot();

        assertThat(controller.exit("api")).isEmpty();
        assertThat(controller.exit("ALL")).isEmpty();
        assertThat(controller.cancelDrain("api")).isEmpty();
        assertThat(controller.snapshot()).isSameAs(before);
        assertThat(events).isEmpty();
    }

    @Test
    void maintenanceTakesPrecedenceOverADrainAndExitReturnsToDraining() {
        controller.startDrain("api", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        assertThat(api()).isEqualTo(Action.DRAIN_REJECT);

        controller.enter("api");
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        assertThat(controller.snapshot().state("api").draining()).isTrue();
        assertThat(api()).isEqualTo(Action.MAINTENANCE);

        controller.exit("api");
        assertThat(phase("api")).isEqualTo(Phase.DRAINING);
        assertThat(api()).isEqualTo(Action.DRAIN_REJECT);

        controller.cancelDrain("api");
        assertThat(phase("api")).isEqualTo(Phase.SERVING);
        assertThat(api()).isEqualTo(Action.PASS);
    }

    @Test
    void aDrainStartedUnderMaintenanceStaysHiddenUntilMaintenanceEnds() {
        controller.enter("api");
        controller.startDrain("api", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));

        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        assertThat(api()).isEqualTo(Action.MAINTENANCE);

        controller.cancelDrain("api");
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        controller.exit("api");
        assertThat(api()).isEqualTo(Action.PASS);
    }

    @Test
    void maintenanceEndsByItselfAtItsEndTime() {
        controller.enter("api", MaintenanceRequest.builder().duration(Duration.ofMinutes(30)).build());
        Instant until = Instant.parse("2026-01-01T00:30:00Z");
        assertThat(controller.status("api").maintenanceUntil()).isEqualTo(until);

        clock.advance(Duration.ofMinutes(29));
        controller.tick();
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        assertThat(api()).isEqualTo(Action.MAINTENANCE);

        clock.advance(Duration.ofMinutes(1));
        // Requests pass as soon as the end is reached, before the timer makes it official.
        assertThat(api()).isEqualTo(Action.PASS);
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);

        controller.tick();
        assertThat(phase("api")).isEqualTo(Phase.SERVING);
        assertThat(events.get(events.size() - 1)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(MaintenanceEvent.Type.MAINTENANCE_EXITED);
            assertThat(e.routeIds()).containsExactly("api");
            assertThat(e.cause()).isEqualTo(Cause.timer());
            assertThat(e.at()).isEqualTo(until);
        });
        assertThat(controller.history()).singleElement().satisfies(w -> {
            assertThat(w.routeId()).isEqualTo("api");
            assertThat(w.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(w.end()).isEqualTo(until);
            assertThat(w.endedBy()).isEqualTo(Cause.timer());
        });
    }

    @Test
    void anEndedMaintenanceOverADrainReturnsToDraining() {
        controller.startDrain("api", Duration.ofHours(1));
        controller.enter("api", MaintenanceRequest.builder().until(Instant.parse("2026-01-01T00:05:00Z")).build());

        clock.advance(Duration.ofMinutes(5));
        controller.tick();

        assertThat(phase("api")).isEqualTo(Phase.DRAINING);
    }

    @Test
    void maintenanceOfAllWithAnEndAlsoStopsApplyingToNewRoutes() {
        controller.enter("ALL", MaintenanceRequest.builder().duration(Duration.ofMinutes(5)).build());
        clock.advance(Duration.ofMinutes(5));
        controller.tick();
        controller.putRoute(Route.builder("late").path("/late").build(), Cause.api());

        assertThat(phase("late")).isEqualTo(Phase.SERVING);
        assertThat(phase("*")).isEqualTo(Phase.SERVING);
    }

    @Test
    void tickingWithNothingDueChangesNothing() {
        controller.enter("api");
        controller.startDrain("admin", Duration.ofMinutes(1));
        clock.advance(Duration.ofHours(2));
        MaintenanceSnapshot before = controller.snapshot();

        controller.tick();

        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void afterTheDrainPeriodEveryRequestIsRejectedByDefault() {
        controller.startDrain("api", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        controller.tick();

        assertThat(phase("api")).isEqualTo(Phase.DRAINING);
        for (int i = 0; i < 100; i++) {
            assertThat(api()).isEqualTo(Action.DRAIN_REJECT);
        }
        assertThat(controller.decide("h", "/api").retryAfterSeconds()).isEqualTo(60);
        assertThat(eventTypes()).containsExactly(MaintenanceEvent.Type.DRAIN_STARTED);
    }

    @Test
    void afterTheDrainPeriodARouteCanEnterMaintenance() {
        controller.startDrain(Target.parse("api"), Duration.ofMinutes(10), null, AfterDrain.ENTER_MAINTENANCE,
                Cause.api());
        clock.advance(Duration.ofMinutes(10));

        // Served as maintenance at once, made official by the next tick.
        assertThat(api()).isEqualTo(Action.MAINTENANCE);
        controller.tick();

        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        assertThat(controller.snapshot().state("api").draining()).isFalse();
        assertThat(controller.snapshot().state("api").maintenance().cause()).isEqualTo(Cause.timer());
        assertThat(api()).isEqualTo(Action.MAINTENANCE);
        assertThat(eventTypes()).containsExactly(MaintenanceEvent.Type.DRAIN_STARTED,
                MaintenanceEvent.Type.DRAIN_COMPLETED);

        controller.exit("api");
        assertThat(phase("api")).isEqualTo(Phase.SERVING);
    }

    @Test
    void theConfiguredAfterDrainBehaviourIsTheDefault() {
        controller = create(TestControllers.config(clock).afterDrain(AfterDrain.ENTER_MAINTENANCE));
        controller.startDrain("ALL", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        controller.tick();

        assertThat(phase("*")).isEqualTo(Phase.MAINTENANCE);
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        controller.putRoute(Route.builder("late").path("/late").build(), Cause.api());
        assertThat(phase("late")).isEqualTo(Phase.MAINTENANCE);
    }

    @Test
    void enteringMaintenanceRestartsTheHitCounter() {
        controller.enter("api");
        for (int i = 0; i < 3; i++) {
            controller.decide("h", "/api").recordBlocked();
        }
        assertThat(controller.status("api").maintenanceHits()).isEqualTo(3);

        controller.enter("api", MaintenanceRequest.builder().message("new text").build());
        assertThat(controller.status("api").maintenanceHits()).isZero();
        controller.decide("h", "/api").recordBlocked();

        assertThat(controller.status("api").maintenanceHits()).isEqualTo(1);
        assertThat(controller.totals().lifetimeMaintenanceHits()).isEqualTo(4);
        assertThat(controller.history()).singleElement().extracting(MaintenanceWindow::hits).isEqualTo(3L);
    }

    @Test
    void startingADrainRestartsTheRejectedCounter() {
        controller.startDrain("api", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            controller.decide("h", "/api").recordBlocked();
        }
        assertThat(controller.status("api").drainRejected()).isEqualTo(5);

        controller.startDrain("api", Duration.ofMinutes(1));
        assertThat(controller.status("api").drainRejected()).isZero();
        assertThat(controller.totals().lifetimeDrainRejected()).isEqualTo(5);
        assertThat(controller.status("api").drainStart()).isEqualTo(clock.instant());
    }

    @Test
    void historyIsBoundedAndKeepsTheNewestWindowsOldestFirst() {
        controller = create(TestControllers.config(clock).historySize(3));
        for (int i = 0; i < 5; i++) {
            controller.enter(Target.parse("admin"), MaintenanceRequest.defaults(), Cause.api("job-" + i));
            for (int h = 0; h < i; h++) {
                controller.decide("h", "/admin").recordBlocked();
            }
            clock.advance(Duration.ofMinutes(1));
            controller.exit("admin");
            clock.advance(Duration.ofMinutes(1));
        }

        List<MaintenanceWindow> history = controller.history();
        assertThat(history).hasSize(3);
        assertThat(history).extracting(w -> w.cause().actor()).containsExactly("job-2", "job-3", "job-4");
        assertThat(history).extracting(MaintenanceWindow::hits).containsExactly(2L, 3L, 4L);
        assertThat(history.get(0).end()).isEqualTo(history.get(0).start().plus(Duration.ofMinutes(1)));
        assertThat(history).allSatisfy(w -> assertThat(w.endedBy()).isEqualTo(Cause.api()));
        assertThatHistoryIsACopy(history);
    }

    private static void assertThatHistoryIsACopy(List<MaintenanceWindow> history) {
        org.assertj.core.api.Assertions.assertThatThrownBy(history::clear)
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aHistorySizeOfZeroKeepsNothing() {
        controller = create(TestControllers.config(clock).historySize(0));
        controller.enter("api");
        controller.exit("api");

        assertThat(controller.history()).isEmpty();
    }

    @Test
    void customDrainPolicyIsRecordedInTheState() {
        DrainPolicy half = progress -> 0.5;
        controller.startDrain(Target.parse("api"), Duration.ofMinutes(1), half, null, Cause.api());

        assertThat(controller.snapshot().state("api").drain().policy()).isSameAs(half);
        assertThat(controller.snapshot().state("api").drain().afterDrain()).isEqualTo(AfterDrain.KEEP_REJECTING);
    }
}
