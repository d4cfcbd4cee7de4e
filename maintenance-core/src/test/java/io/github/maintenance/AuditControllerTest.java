package io.github.maintenance;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.change.Changes;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.store.FlagFileWatcher;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The controller records one audit entry per change that changed something, from every path. */
class AuditControllerTest {

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;

    private MaintenanceController start(MaintenanceConfig.Builder b) {
        controller = MaintenanceController.create(b.route(Route.builder("api").path("/api").build())
                .route(Route.builder("web").path("/web").build()).build());
        return controller;
    }

    private MaintenanceController start() {
        return start(TestControllers.config(clock));
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private AuditEntry newest() {
        return controller.audit().list(1, null).get(0);
    }

    @Test
    void anEntryRecordsActorSourceReasonTargetBeforeAfterTimeAndVersion() {
        start();
        Instant at = clock.instant();
        Instant until = at.plus(Duration.ofHours(1));
        controller.enter(Target.parse("api"), MaintenanceRequest.builder().until(until)
                .options(WindowOptions.builder().mode(MaintenanceMode.READ_ONLY).build()).build(),
                new Cause(Cause.Source.REGISTRY, "alice", "DB migration"));

        assertThat(controller.audit().list()).singleElement().satisfies(e -> {
            assertThat(e.time()).isEqualTo(at);
            assertThat(e.instance()).isEqualTo("test");
            assertThat(e.source()).isEqualTo(Cause.Source.REGISTRY);
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.reason()).isEqualTo("DB migration");
            assertThat(e.action()).isEqualTo("enter");
            assertThat(e.target()).isEqualTo("api");
            assertThat(e.routeIds()).containsExactly("api");
            assertThat(e.before()).isEqualTo(Map.of("api", "serving"));
            assertThat(e.after()).isEqualTo(Map.of("api", "maintenance(read-only, until " + until + ")"));
            assertThat(e.version()).isEqualTo(controller.snapshot().version());
        });

        clock.advance(Duration.ofMinutes(1));
        controller.startDrain(Target.parse("web"), Duration.ofMinutes(2), null, null, Cause.api("bob").withReason("deploy"));
        controller.exit(Target.parse("api"), Cause.of(Cause.Source.JMX, "ops"));
        List<AuditEntry> all = controller.audit().list();
        assertThat(all).extracting(AuditEntry::action).containsExactly("exit", "drain", "enter");
        assertThat(all.get(1).after()).isEqualTo(Map.of("web", "draining(until " + clock.instant()
                .plus(Duration.ofMinutes(2)) + ")"));
        assertThat(all.get(1).reason()).isEqualTo("deploy");
        assertThat(all.get(0).before()).isEqualTo(Map.of("api", "maintenance(read-only, until " + until + ")"));
        assertThat(all.get(0).after()).isEqualTo(Map.of("api", "serving"));
        assertThat(all.get(0).source()).isEqualTo(Cause.Source.JMX);
        assertThat(all.get(0).version()).isGreaterThan(all.get(1).version()).isEqualTo(controller.snapshot().version());
    }

    @Test
    void refusedAndNoOpChangesRecordNothing() {
        start();
        Instant past = clock.instant().minusSeconds(1);
        assertThatThrownBy(() -> controller.enter(Target.parse("api"), MaintenanceRequest.builder().until(past).build(),
                Cause.api())).isInstanceOf(MaintenanceException.class);
        // A batch is all or nothing: its valid first change is not recorded either.
        assertThatThrownBy(() -> controller.apply(Changes.of(new Change.Exit(Target.parse("web")),
                new Change.Enter(Target.parse("web"), MaintenanceRequest.builder().build()),
                new Change.Unschedule("sch-000000000000")), Cause.api())).isInstanceOf(MaintenanceException.class);
        controller.exit("ALL");
        controller.cancelDrain("api");
        assertThat(controller.audit().list()).isEmpty();
        assertThat(controller.snapshot().version()).isZero();
    }

    @Test
    void theChangeModelCarriesTheReasonOfItsFields() {
        start();
        Map<String, Object> fields = Map.of("action", "enter", "target", "web", "reason", "INC-7 rollback");
        controller.apply(ChangeFields.parse(fields, null), ChangeFields.cause(fields,
                Cause.of(Cause.Source.DASHBOARD, "token:ops")));
        assertThat(newest().cause()).isEqualTo(new Cause(Cause.Source.DASHBOARD, "token:ops", "INC-7 rollback"));
        assertThat(newest().action()).isEqualTo("enter");
    }

    @Test
    void timersAndScheduledWindowsAreRecordedWithTheirSource() {
        start();
        controller.enter(Target.parse("api"), MaintenanceRequest.builder().duration(Duration.ofMinutes(5)).build(),
                Cause.api());
        Instant s = clock.instant().plus(Duration.ofMinutes(10));
        String id = controller.schedule(Target.parse("web"), s, s.plus(Duration.ofMinutes(30)),
                MaintenanceRequest.builder().build(), Cause.api("planner").withReason("nightly")).id();

        clock.advance(Duration.ofMinutes(6));
        controller.tick();
        assertThat(newest()).satisfies(e -> {
            assertThat(e.source()).isEqualTo(Cause.Source.TIMER);
            assertThat(e.action()).isEqualTo("exit");
            assertThat(e.detail()).isEqualTo("until reached");
            assertThat(e.after()).isEqualTo(Map.of("api", "serving"));
        });

        clock.set(s);
        controller.tick();
        assertThat(newest()).satisfies(e -> {
            assertThat(e.cause()).isEqualTo(Cause.of(Cause.Source.SCHEDULE, id));
            assertThat(e.action()).isEqualTo("enter");
            assertThat(e.target()).isEqualTo("web");
            assertThat(e.before()).isEqualTo(Map.of("web", "serving"));
        });
        controller.cancelSchedule(id, Cause.api("planner"));
        assertThat(controller.audit().list()).extracting(AuditEntry::action)
                .containsExactly("unschedule", "exit", "enter", "exit", "schedule", "enter");
        assertThat(controller.audit().list().get(1)).as("cancelling the started window ends its maintenance")
                .satisfies(e -> assertThat(e.after()).isEqualTo(Map.of("web", "serving")));
        assertThat(controller.audit().list().get(4).reason()).isEqualTo("nightly");
        controller.tick();
        assertThat(controller.audit().size()).as("a tick with nothing to do").isEqualTo(6);
    }

    @Test
    void circuitBreakerTransitionsAreRecorded() {
        start(TestControllers.config(clock).circuitBreaker(CircuitBreakerConfig.custom().failureThreshold(2).build()));
        for (int i = 0; i < 2; i++) {
            controller.decide("h", "/api/x").recordOutcome(503, false);
        }
        assertThat(newest()).satisfies(e -> {
            assertThat(e.source()).isEqualTo(Cause.Source.CIRCUIT_BREAKER);
            assertThat(e.action()).isEqualTo("breaker-open");
            assertThat(e.routeIds()).containsExactly("api");
            assertThat(e.before()).isEqualTo(Map.of("api", "breaker closed"));
            assertThat(e.after()).isEqualTo(Map.of("api", "breaker open"));
        });
    }

    @Test
    @Timeout(30)
    void theFlagFileAppearingAndDisappearingIsRecorded(@TempDir Path dir) throws Exception {
        start();
        try (FlagFileWatcher w = FlagFileWatcher.builder(controller, dir).pollInterval(Duration.ofMillis(50)).start()) {
            Files.writeString(dir.resolve(FlagFileWatcher.DEFAULT_FILE_NAME), "message = upgrade\n");
            await().until(() -> controller.audit().size() == 1);
            assertThat(newest().cause()).isEqualTo(w.cause());
            assertThat(newest().action()).isEqualTo("enter");
            assertThat(newest().target()).isEqualTo("ALL");
            assertThat(newest().after()).containsEntry("*", "maintenance(full)");

            Files.delete(dir.resolve(FlagFileWatcher.DEFAULT_FILE_NAME));
            await().until(() -> controller.audit().size() == 2);
            assertThat(newest().source()).isEqualTo(Cause.Source.FLAG_FILE);
            assertThat(newest().action()).isEqualTo("exit");
        }
    }

    @Test
    @Timeout(30)
    void theFlagFileCarriesAReasonAndItsRemovalStillEndsTheMaintenance(@TempDir Path dir) throws Exception {
        start();
        Path flag = dir.resolve(FlagFileWatcher.DEFAULT_FILE_NAME);
        try (FlagFileWatcher w = FlagFileWatcher.builder(controller, dir).pollInterval(Duration.ofMillis(50)).start()) {
            Files.writeString(flag, "reason = kernel patch CHG-12\n");
            await().until(() -> controller.audit().size() == 1);
            assertThat(newest().cause()).isEqualTo(w.cause().withReason("kernel patch CHG-12"));
            assertThat(w.problems()).isEmpty();

            Files.writeString(flag, "reason = kernel patch CHG-12, take two\n");
            w.check();
            assertThat(controller.audit().size()).as("a new reason alone enters nothing").isEqualTo(1);

            Files.writeString(flag, "reason = bad\\u0007bell\n");
            w.check();
            assertThat(w.problems()).singleElement().asString().contains("field 'reason' must not contain control");

            Files.delete(flag);
            w.check();
            assertThat(controller.decide("h", "/api").action()).isEqualTo(Decision.Action.PASS);
            assertThat(newest().action()).isEqualTo("exit");
        }
    }

    @Test
    void routeAndBatchChangesGetOneEntryEach() {
        start();
        controller.apply(Changes.of(new Change.Enter(Target.parse("api"), MaintenanceRequest.builder().build()),
                new Change.PutRoute(Route.builder("shop").path("/shop").build()),
                new Change.StartDrain(Target.parse("web"), Duration.ofMinutes(1), null, null)),
                Cause.api("batch").withReason("release 2.0"));
        List<AuditEntry> all = controller.audit().list();
        assertThat(all).extracting(AuditEntry::action).containsExactly("drain", "route-add", "enter");
        assertThat(all).extracting(AuditEntry::reason).containsOnly("release 2.0");
        assertThat(all).extracting(AuditEntry::version).containsOnly(controller.snapshot().version());
        assertThat(all.get(1).target()).isEqualTo("shop");
    }

    @Test
    void theTrailIsBoundedByTheConfiguredCountAndOffRecordsNothing() {
        start(TestControllers.config(clock).audit(AuditPolicy.of(3, Duration.ofDays(1))));
        for (int i = 0; i < 5; i++) {
            controller.enter("api");
            controller.exit("api");
        }
        assertThat(controller.audit().size()).isEqualTo(3);
        assertThat(controller.config().audit()).isEqualTo(AuditPolicy.of(3, Duration.ofDays(1)));
        controller.close();

        start(TestControllers.config(clock).audit(AuditPolicy.off()));
        controller.enter("api");
        assertThat(controller.audit().list()).isEmpty();
        assertThatThrownBy(() -> TestControllers.config(clock).audit(null).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("audit");
    }
}
