package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException.Kind;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.change.Changes;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.testing.CountingStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Batches are one transition, and every change, single or batched, is all or nothing. */
class ChangeBatchTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final CountingStateStore store = new CountingStateStore();
    private final AtomicInteger tasks = new AtomicInteger();
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;

    private MaintenanceController start() {
        controller = MaintenanceController.create(TestControllers.config(clock).stateStore(store)
                .eventExecutor(task -> {
                    tasks.incrementAndGet();
                    task.run();
                }).build());
        controller.addListener(events::add);
        return controller;
    }

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void fiftyRoutesInOneBatchAreOneSaveOneVersionAndOneEventBatch() {
        start();
        long version = controller.snapshot().version();
        Changes.Builder batch = Changes.builder();
        for (int i = 0; i < 50; i++) {
            batch.add(new Change.PutRoute(Route.builder("r" + i).path("/r" + i).build()));
        }

        ChangeResult result = controller.apply(batch.build(), Cause.api("deploy"));

        assertThat(store.saves).hasValue(1);
        assertThat(result.version()).isEqualTo(version + 1);
        assertThat(controller.snapshot().version()).isEqualTo(version + 1);
        assertThat(controller.routes()).hasSize(51);
        assertThat(tasks).hasValue(1);
        assertThat(events).hasSize(50).allMatch(e -> e.type() == MaintenanceEvent.Type.ROUTE_ADDED);
        assertThat(result.applied()).hasSize(50);
        assertThat(result.storeSaved()).isTrue();
    }

    @Test
    void aBatchWithOneRefusedChangeChangesNothing() {
        start();
        MaintenanceSnapshot before = controller.snapshot();
        Changes batch = Changes.of(
                new Change.PutRoute(Route.builder("admin").path("/admin").build()),
                Change.enter(Target.of("admin"), MaintenanceRequest.defaults()),
                Change.exit("no-such-route"));

        assertThatThrownBy(() -> controller.apply(batch, Cause.api()))
                .isInstanceOfSatisfying(MaintenanceException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_ROUTE));

        assertThat(controller.snapshot()).isSameAs(before);
        assertThat(controller.routes()).extracting(Route::id).containsExactly(Route.CATCH_ALL_ID);
        assertThat(store.saves).hasValue(0);
        assertThat(tasks).hasValue(0);
        assertThat(events).isEmpty();
    }

    @Test
    void laterChangesOfABatchSeeWhatEarlierOnesDid() {
        start();
        ChangeResult r = controller.apply(Changes.of(
                new Change.PutRoute(Route.builder("api").path("/api").build()),
                Change.enter(Target.of("api"), MaintenanceRequest.defaults()),
                Change.drain("api", Duration.ofMinutes(1))), Cause.api());

        assertThat(r.applied()).extracting(ChangeResult.Applied::routeIds)
                .containsExactly(List.of("api"), List.of("api"), List.of("api"));
        RouteState api = controller.snapshot().state("api");
        assertThat(api.maintenance()).isNotNull();
        assertThat(api.drain()).isNotNull();
        assertThat(store.saves).hasValue(1);
    }

    @Test
    void aFarFutureEndIsRefusedAtTheEdgeAndTheControllerStillWorks() {
        start();
        Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");

        assertThatThrownBy(() -> new Change.Enter(Target.all(),
                MaintenanceRequest.builder().until(farFuture).build()))
                .isInstanceOfSatisfying(MaintenanceException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_TIME));
        assertThatThrownBy(() -> controller.enter(Target.all(),
                MaintenanceRequest.builder().until(farFuture).build(), Cause.api()))
                .isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> controller.enter(Target.all(),
                MaintenanceRequest.builder().duration(Duration.ofSeconds(Long.MAX_VALUE)).build(), Cause.api()))
                .isInstanceOfSatisfying(MaintenanceException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_TIME));
        assertThat(controller.snapshot().isIdle()).isTrue();

        assertThat(controller.enter("ALL")).containsExactly(Route.CATCH_ALL_ID);
        assertThat(controller.exit("ALL")).containsExactly(Route.CATCH_ALL_ID);
        assertThat(store.saves).hasValue(2);
    }

    @Test
    void aDrainRefusedInABatchDoesNotComeIntoForceLater() {
        start();
        assertThatThrownBy(() -> controller.apply(Changes.of(
                Change.drain("ALL", Duration.ofSeconds(30)),
                Change.enter(Target.all(), MaintenanceRequest.builder().pageUrl("ftp://example.com/").build())),
                Cause.api())).isInstanceOfSatisfying(MaintenanceException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_URL));

        clock.advance(Duration.ofMinutes(1));
        controller.tick();

        assertThat(controller.snapshot().isIdle()).isTrue();
        assertThat(controller.statuses()).noneMatch(s -> s.draining() || s.inMaintenance());
    }

    @Test
    void aStoredStateWithAFarFutureTimeIsRefusedWholeAndChangesStillWork() {
        Instant t = clock.instant();
        MaintenanceState m = new MaintenanceState(null, null, Duration.ofSeconds(300), t,
                Instant.parse("+999999999-12-31T23:59:59Z"), Cause.api());
        store.save(new StoredState(7, t, Map.of(Route.CATCH_ALL_ID, new RouteState(m, null)), List.of(), m, null));
        store.saves.set(0);

        start();

        assertThat(controller.snapshot().isIdle()).isTrue();
        assertThat(controller.enter("ALL")).containsExactly(Route.CATCH_ALL_ID);
        StoredState saved = store.load().orElseThrow();
        assertThat(saved.version()).as("moved past the refused version 7").isEqualTo(8);
        assertThat(saved.allMaintenance().until()).isNull();
    }

    @Test
    void aPeerStateWithAnInvalidTimeIsIgnoredAndTheLastGoodStateKept() {
        start();
        controller.enter("ALL");
        MaintenanceSnapshot before = controller.snapshot();
        Instant t = clock.instant();
        DrainState endless = new DrainState(Instant.parse("9999-12-31T23:00:00Z"), Duration.ofHours(2),
                DrainPolicy.linear(), AfterDrain.KEEP_REJECTING, Cause.api());
        store.save(new StoredState(before.version() + 5, t, Map.of(Route.CATCH_ALL_ID, new RouteState(null, endless)),
                List.of(), null, endless));

        assertThat(controller.snapshot()).isSameAs(before);
        assertThat(controller.exit("ALL")).containsExactly(Route.CATCH_ALL_ID);
    }

    @Test
    void aChangeThatChangesNothingKeepsTheVersionAndSavesNothing() {
        start();
        long version = controller.snapshot().version();

        ChangeResult r = controller.apply(Changes.of(Change.exit("ALL"), Change.cancelDrain("ALL")), Cause.api());

        assertThat(r.version()).isEqualTo(version);
        assertThat(r.applied()).allMatch(a -> a.routeIds().isEmpty());
        assertThat(store.saves).hasValue(0);
        assertThat(events).isEmpty();
    }

    @Test
    void breakerAndExemptPathChangesPublishWithoutSaving() {
        start();
        List<String> before = new ArrayList<>(controller.exemptPaths());

        controller.apply(Changes.of(
                Change.SetExemptPaths.of("registry:s1", List.of("/health", "/health")),
                new Change.ConfigureBreaker(Route.CATCH_ALL_ID,
                        io.github.maintenance.breaker.CircuitBreakerConfig.ofDefaults())), Cause.api());

        assertThat(before).isEmpty();
        assertThat(controller.exemptPaths()).containsExactly("/health");
        assertThat(controller.status(Route.CATCH_ALL_ID).circuitConfigured()).isTrue();
        assertThat(store.saves).hasValue(0);
    }
}
