package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduled maintenance windows on an injected clock: announce, start, end, cancel, restart. */
class ScheduleTest {

    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant END = Instant.parse("2026-06-01T11:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;

    private MaintenanceController start(InMemoryStateStore store) {
        MaintenanceController c = MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .stateStore(store)
                .build());
        c.addListener(events::add);
        return c;
    }

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void anAnnouncedWindowAddsTheHeaderOnlyOnItsRoutes() {
        controller = start(new InMemoryStateStore());

        ScheduledWindow w = controller.schedule("admin", START, END);

        assertThat(w.id()).matches("sch-[0-9a-f]{12}");
        assertThat(w.started()).isFalse();
        assertThat(controller.schedules()).containsExactly(w);
        Decision admin = controller.decide("h", "/admin/users");
        assertThat(admin.action()).isEqualTo(Action.PASS);
        assertThat(admin.scheduled()).isEqualTo("2026-06-01T10:00:00Z/2026-06-01T11:00:00Z");
        assertThat(controller.decide("h", "/api").scheduled()).isNull();
        assertThat(controller.decide("h", "/").scheduled()).isNull();
        assertThat(events).extracting(MaintenanceEvent::type).containsExactly(MaintenanceEvent.Type.SCHEDULE_CREATED);
    }

    @Test
    void theWindowEntersAtItsStartAndEndsAtItsEnd() {
        controller = start(new InMemoryStateStore());
        controller.schedule(Target.parse("/admin"), START, END,
                MaintenanceRequest.builder().message("Database upgrade").build(), Cause.api("ops"));

        clock.set(START.minusSeconds(1));
        controller.tick();
        assertThat(controller.decide("h", "/admin").action()).isEqualTo(Action.PASS);

        clock.set(START);
        controller.tick();
        Decision during = controller.decide("h", "/admin");
        assertThat(during.action()).isEqualTo(Action.MAINTENANCE);
        assertThat(during.maintenance().message()).isEqualTo("Database upgrade");
        assertThat(during.maintenance().until()).isEqualTo(END);
        assertThat(during.maintenance().cause().source()).isEqualTo(Cause.Source.SCHEDULE);
        assertThat(during.scheduled()).isNull();
        assertThat(controller.decide("h", "/api").action()).isEqualTo(Action.PASS);
        assertThat(controller.schedules()).singleElement().extracting(ScheduledWindow::started).isEqualTo(true);

        clock.set(END);
        controller.tick();
        assertThat(controller.decide("h", "/admin").action()).isEqualTo(Action.PASS);
        assertThat(controller.schedules()).isEmpty();
        assertThat(controller.history()).extracting(MaintenanceWindow::routeId, MaintenanceWindow::start,
                MaintenanceWindow::end).containsExactly(org.assertj.core.groups.Tuple.tuple("admin", START, END));
    }

    @Test
    void aPathTargetWithoutARouteGetsItsAdHocRouteAtOnceSoTheAnnouncementReachesIt() {
        controller = start(new InMemoryStateStore());

        controller.schedule("/reports", START, END);

        assertThat(controller.routes()).extracting(Route::id).contains("path:/reports");
        assertThat(controller.decide("h", "/reports/2026").scheduled()).isNotNull();
        controller.exit("ALL");
        assertThat(controller.routes()).extracting(Route::id).contains("path:/reports");

        clock.set(START.plusSeconds(5));
        controller.tick();
        assertThat(controller.decide("h", "/reports/2026").action()).isEqualTo(Action.MAINTENANCE);
        clock.set(END);
        controller.tick();
        assertThat(controller.routes()).extracting(Route::id).doesNotContain("path:/reports");
    }

    @Test
    void cancellingAPendingWindowForgetsIt() {
        controller = start(new InMemoryStateStore());
        ScheduledWindow w = controller.schedule("ALL", START, END);

        assertThat(controller.cancelSchedule(w.id(), Cause.api())).isEqualTo(w);

        assertThat(controller.schedules()).isEmpty();
        assertThat(controller.decide("h", "/api").scheduled()).isNull();
        clock.set(START);
        controller.tick();
        assertThat(controller.decide("h", "/api").action()).isEqualTo(Action.PASS);
        assertThat(events).extracting(MaintenanceEvent::type).containsExactly(MaintenanceEvent.Type.SCHEDULE_CREATED,
                MaintenanceEvent.Type.SCHEDULE_CANCELLED);
    }

    @Test
    void cancellingAWindowInProgressEndsOnlyItsOwnMaintenance() {
        controller = start(new InMemoryStateStore());
        ScheduledWindow w = controller.schedule("api,admin", START, END);
        clock.set(START);
        controller.tick();
        controller.enter("admin", MaintenanceRequest.builder().message("manual").build());

        controller.cancelSchedule(w.id(), Cause.api());

        assertThat(controller.decide("h", "/api").action()).isEqualTo(Action.PASS);
        assertThat(controller.decide("h", "/admin").maintenance().message()).isEqualTo("manual");
    }

    @Test
    void cancellingAnAllWindowInProgressEndsAll() {
        controller = start(new InMemoryStateStore());
        ScheduledWindow w = controller.schedule("ALL", START, END);
        clock.set(START);
        controller.tick();
        assertThat(controller.decide("h", "/anything").action()).isEqualTo(Action.MAINTENANCE);

        controller.cancelSchedule(w.id(), Cause.api());

        assertThat(controller.decide("h", "/anything").action()).isEqualTo(Action.PASS);
        assertThat(controller.decide("h", "/api").action()).isEqualTo(Action.PASS);
    }

    @Test
    void aWindowWhoseStartHasPassedStartsAtOnce() {
        controller = start(new InMemoryStateStore());

        controller.schedule("api", T0.minusSeconds(60), END);

        assertThat(controller.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
    }

    @Test
    void windowsSurviveARestartThroughTheStateStore() {
        InMemoryStateStore store = new InMemoryStateStore();
        MaintenanceController first = start(store);
        ScheduledWindow w = first.schedule("admin", START, END);
        StoredState saved = store.load().orElseThrow();
        first.close();
        assertThat(saved.schedules()).containsExactly(w);

        InMemoryStateStore restarted = new InMemoryStateStore();
        restarted.save(saved);
        controller = start(restarted);
        assertThat(controller.schedules()).containsExactly(w);
        assertThat(controller.decide("h", "/admin").scheduled()).isEqualTo(w.announcement());

        clock.set(START.plusSeconds(30));
        controller.tick();
        assertThat(controller.decide("h", "/admin").action()).isEqualTo(Action.MAINTENANCE);
    }

    @Test
    void aWindowMissedWhileTheApplicationWasDownIsDropped() {
        InMemoryStateStore store = new InMemoryStateStore();
        MaintenanceController first = start(store);
        first.schedule("admin", START, END);
        StoredState saved = store.load().orElseThrow();
        first.close();
        events.clear();

        clock.set(END.plusSeconds(1));
        InMemoryStateStore restarted = new InMemoryStateStore();
        restarted.save(saved);
        controller = start(restarted);
        controller.tick();

        assertThat(controller.schedules()).isEmpty();
        assertThat(controller.decide("h", "/admin").action()).isEqualTo(Action.PASS);
        assertThat(events).extracting(e -> e.type() + " " + e.detail()).singleElement().asString()
                .startsWith("SCHEDULE_CANCELLED sch-").endsWith(" missed");
    }

    @Test
    void badWindowsAreRefusedAndChangeNothing() {
        controller = start(new InMemoryStateStore());
        long version = controller.snapshot().version();

        assertThatThrownBy(() -> controller.schedule("admin", END, START))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("must be after field 'start'");
        assertThatThrownBy(() -> controller.schedule("admin", T0.minusSeconds(7200), T0.minusSeconds(3600)))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("must be in the future");
        assertThatThrownBy(() -> controller.schedule("nope", START, END))
                .isInstanceOf(MaintenanceException.class).hasMessage("route not found: nope");
        assertThatThrownBy(() -> controller.schedule(Target.parse("admin"), START, END,
                MaintenanceRequest.builder().pageUrl("ftp://example.com/page").build(), Cause.api()))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("invalid maintenance page url");
        assertThatThrownBy(() -> controller.schedule(Target.parse("admin"), START, END,
                MaintenanceRequest.builder().duration(Duration.ofMinutes(5)).build(), Cause.api()))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("leave until and duration unset");
        assertThatThrownBy(() -> controller.cancelSchedule("sch-000000000000", Cause.api()))
                .isInstanceOf(MaintenanceException.class).hasMessage("schedule not found: sch-000000000000");

        assertThat(controller.schedules()).isEmpty();
        assertThat(controller.snapshot().version()).isEqualTo(version);
        assertThat(controller.routes()).extracting(Route::id).containsExactly("*", "api", "admin");
    }

    @Test
    void theNumberOfWindowsIsBounded() {
        controller = start(new InMemoryStateStore());
        for (int i = 0; i < io.github.maintenance.internal.Transition.MAX_SCHEDULES; i++) {
            controller.schedule("api", START.plusSeconds(i), END);
        }

        assertThatThrownBy(() -> controller.schedule("api", START, END))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("too many scheduled windows");
        assertThat(controller.schedules()).hasSize(io.github.maintenance.internal.Transition.MAX_SCHEDULES);
    }

    @Test
    void theEarliestAnnouncedWindowOfARouteIsTheOneAnnounced() {
        controller = start(new InMemoryStateStore());
        controller.schedule("admin", START.plusSeconds(3600), END.plusSeconds(3600));
        controller.schedule("ALL", START, END);

        assertThat(controller.decide("h", "/admin").scheduled()).startsWith(START.toString());
        assertThat(controller.schedules()).extracting(ScheduledWindow::start).containsExactly(START,
                START.plusSeconds(3600));
    }
}
