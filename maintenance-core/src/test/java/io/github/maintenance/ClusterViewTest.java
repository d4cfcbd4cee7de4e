package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.cluster.InstanceView;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.Totals;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The cluster view: each controller on a store that keeps cluster reports publishes its own at
 * start and every heartbeat, and reads everyone's. Time is the hand-moved clock; beats beyond the
 * first are driven by hand (the heartbeat of one minute never comes round during a test), except in
 * the test of the schedule itself.
 */
class ClusterViewTest {

    private static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private static final Totals NO_TOTALS = new Totals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private final MutableClock clock = MutableClock.atDefault();
    private final InMemoryStateStore shared = new InMemoryStateStore();
    private final List<MaintenanceController> started = new ArrayList<>();

    @AfterEach
    void closeControllers() {
        started.forEach(MaintenanceController::close);
    }

    /** A controller named {@code name} on {@code store}, with the hand-moved clock. */
    private DefaultMaintenanceController start(String name, StateStore store, Duration heartbeat) {
        MaintenanceConfig config = TestControllers.config(clock).instanceName(name).stateStore(store)
                .clusterHeartbeat(heartbeat).route(Route.builder("api").path("/api").build()).build();
        DefaultMaintenanceController c = (DefaultMaintenanceController) MaintenanceController.create(config);
        started.add(c);
        return c;
    }

    private DefaultMaintenanceController start(String name) {
        return start(name, shared, HEARTBEAT);
    }

    private static InstanceView instance(ClusterView view, String name) {
        return view.instances().stream().filter(i -> i.report().instance().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(ClusterView view) {
        return view.instances().stream().map(i -> i.report().instance()).toList();
    }

    @Test
    void aStoreWithoutClusterReportsHasNoClusterView() {
        StateStore plain = new StateStore() {
            @Override
            public Optional<StoredState> load() {
                return Optional.empty();
            }

            @Override
            public void save(StoredState state) {
            }
        };

        assertThat(start("a", plain, HEARTBEAT).cluster()).isEmpty();
    }

    @Test
    void eachInstancePublishesItsReportAtStartAndSeesEveryOther() {
        Instant t0 = clock.instant();
        DefaultMaintenanceController a = start("a");
        clock.advance(Duration.ofSeconds(2));
        DefaultMaintenanceController b = start("b");

        ClusterView view = a.cluster().orElseThrow();

        assertThat(view.self()).isEqualTo("a");
        assertThat(view.readAt()).isEqualTo(clock.instant());
        assertThat(names(view)).containsExactly("a", "b");
        InstanceReport ra = instance(view, "a").report();
        assertThat(ra.heartbeat()).isEqualTo(t0);
        assertThat(ra.started()).isEqualTo(t0);
        assertThat(ra.appliedVersion()).isZero();
        assertThat(ra.storeAvailable()).isTrue();
        assertThat(ra.totals()).isEqualTo(a.totals());
        assertThat(instance(view, "a").self()).isTrue();
        assertThat(instance(view, "b").self()).isFalse();
        assertThat(instance(view, "b").report().started()).isEqualTo(t0.plusSeconds(2));
        assertThat(b.cluster().orElseThrow().self()).isEqualTo("b");
        assertThat(view.lagging()).isEmpty();
    }

    @Test
    void aHeartbeatPublishesTheVersionAndTotalsOfTheMoment() {
        DefaultMaintenanceController a = start("a");
        a.decide("h", "/api");
        a.enter("api");
        a.decide("h", "/api").recordBlocked();
        clock.advance(Duration.ofSeconds(5));

        assertThat(a.heartbeat()).isTrue();

        InstanceReport r = shared.instances(clock.instant()).get(0);
        assertThat(r.heartbeat()).isEqualTo(clock.instant());
        assertThat(r.appliedVersion()).isEqualTo(a.snapshot().version()).isPositive();
        assertThat(r.totals().inMaintenance()).isEqualTo(1);
        assertThat(r.totals().maintenanceHits()).isEqualTo(1);
    }

    @Test
    void theClusterTotalsAreTheSumsOfTheReportsAndTheLocalTotalsThisInstancesOwn() {
        DefaultMaintenanceController a = start("a");
        DefaultMaintenanceController b = start("b");
        a.enter("api");
        Awaits.await().until(() -> b.snapshot().version() == a.snapshot().version());
        a.decide("h", "/api").recordBlocked();
        b.decide("h", "/api").recordBlocked();
        b.decide("h", "/api").recordBlocked();
        a.heartbeat();
        b.heartbeat();

        ClusterView view = a.cluster().orElseThrow();

        assertThat(view.clusterTotals().routes()).isEqualTo(4);
        assertThat(view.clusterTotals().inMaintenance()).isEqualTo(2);
        assertThat(view.clusterTotals().maintenanceHits()).isEqualTo(3);
        assertThat(view.clusterTotals().lifetimeMaintenanceHits()).isEqualTo(3);
        assertThat(view.localTotals()).isEqualTo(a.totals());
        assertThat(view.localTotals().maintenanceHits()).isEqualTo(1);
    }

    @Test
    void reportsArePublishedOnTheHeartbeatsOwnSchedule() {
        RecordingStore store = new RecordingStore(shared);
        DefaultMaintenanceController a = start("a", store, Duration.ofSeconds(1));

        assertThat(store.publishThreads.get(0)).isEqualTo(Thread.currentThread().getName()); // at start
        Awaits.await().until(() -> store.published.size() >= 3);

        assertThat(store.expiries).containsOnly(Duration.ofSeconds(3));
        assertThat(store.publishThreads.subList(1, 3)).containsOnly("maintenance-cluster");
        assertThat(a.cluster().orElseThrow().instances()).hasSize(1);
    }

    @Test
    void anInstanceThatStopsPublishingExpiresThreeHeartbeatsAfterItsLastReport() {
        DefaultMaintenanceController a = start("a");
        RecordingStore bStore = new RecordingStore(shared);
        DefaultMaintenanceController b = start("b", bStore, HEARTBEAT);
        bStore.failing = true; // b loses the store: its reports stop

        clock.advance(HEARTBEAT.multipliedBy(3));
        a.heartbeat();
        assertThat(b.heartbeat()).isFalse();
        assertThat(names(a.cluster().orElseThrow())).containsExactly("a", "b");

        clock.advance(Duration.ofMillis(1));
        assertThat(names(a.cluster().orElseThrow())).containsExactly("a");

        bStore.failing = false;
        assertThat(b.heartbeat()).isTrue();
        assertThat(names(a.cluster().orElseThrow())).containsExactly("a", "b");
    }

    @Test
    void anInstanceLagsOnceItReportsAnOldVersionAHeartbeatAfterTheNewOneWasKnown() {
        DefaultMaintenanceController a = start("a");
        a.enter("api");
        long v = a.snapshot().version();
        shared.publishInstance(report("old", 0), HEARTBEAT.multipliedBy(3));

        ClusterView first = a.cluster().orElseThrow();
        assertThat(first.clusterVersion()).isEqualTo(v);
        assertThat(instance(first, "old").lagging()).as("a report from before the change was known").isFalse();

        clock.advance(HEARTBEAT.minusMillis(1));
        shared.publishInstance(report("old", 0), HEARTBEAT.multipliedBy(3));
        assertThat(instance(a.cluster().orElseThrow(), "old").lagging()).as("within a heartbeat").isFalse();

        clock.advance(Duration.ofMillis(1));
        shared.publishInstance(report("old", 0), HEARTBEAT.multipliedBy(3));
        ClusterView lagging = a.cluster().orElseThrow();
        assertThat(lagging.lagging()).extracting(i -> i.report().instance()).containsExactly("old");
        assertThat(instance(lagging, "a").lagging()).isFalse();

        clock.advance(Duration.ofSeconds(10));
        shared.publishInstance(report("old", v), HEARTBEAT.multipliedBy(3));
        assertThat(a.cluster().orElseThrow().lagging()).isEmpty();
    }

    @Test
    void aChangeStillReachingTheOtherInstancesIsNotLagging() {
        DefaultMaintenanceController a = start("a");
        DefaultMaintenanceController b = start("b");
        clock.advance(Duration.ofSeconds(30));
        b.heartbeat(); // b's last report, at version 0

        a.enter("api");
        clock.advance(Duration.ofSeconds(1));
        ClusterView view = a.cluster().orElseThrow();

        assertThat(view.clusterVersion()).isEqualTo(a.snapshot().version()).isPositive();
        assertThat(instance(view, "b").report().appliedVersion()).isZero();
        assertThat(view.lagging()).isEmpty();

        Awaits.await().until(() -> b.snapshot().version() == a.snapshot().version());
        clock.advance(HEARTBEAT);
        b.heartbeat();
        assertThat(a.cluster().orElseThrow().lagging()).isEmpty();
    }

    @Test
    void theClusterVersionIsTheStoredStatesEvenWhenNoInstanceAppliedIt() {
        RecordingStore deafStore = new RecordingStore(shared);
        deafStore.ignoreWatch = true; // hears nothing of the saves made elsewhere
        DefaultMaintenanceController deaf = start("deaf", deafStore, HEARTBEAT);
        shared.save(new StoredState(7, clock.instant(), Map.of(), List.of(), null, null, Map.of()));

        ClusterView first = deaf.cluster().orElseThrow();
        assertThat(first.clusterVersion()).isEqualTo(7);
        assertThat(first.lagging()).isEmpty();

        clock.advance(HEARTBEAT);
        deaf.heartbeat();
        ClusterView view = deaf.cluster().orElseThrow();

        assertThat(deaf.snapshot().version()).isZero();
        assertThat(view.lagging()).singleElement().satisfies(i -> {
            assertThat(i.self()).isTrue();
            assertThat(i.report().appliedVersion()).isZero();
        });
    }

    @Test
    void closingRemovesTheReportAndStopsPublishing() {
        DefaultMaintenanceController a = start("a");
        RecordingStore bStore = new RecordingStore(shared);
        DefaultMaintenanceController b = start("b", bStore, HEARTBEAT);
        assertThat(names(a.cluster().orElseThrow())).containsExactly("a", "b");

        b.close();

        assertThat(names(a.cluster().orElseThrow())).containsExactly("a");
        assertThat(b.heartbeat()).isFalse();
        assertThat(bStore.published).hasSize(1);
    }

    @Test
    void aFailingClusterStoreBreaksNeitherStartNorChangesNorRequests() {
        RecordingStore store = new RecordingStore(shared);
        store.failing = true;
        DefaultMaintenanceController a = start("a", store, HEARTBEAT);

        a.enter("api");
        assertThat(a.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(a.heartbeat()).isFalse();
        assertThatThrownBy(a::cluster).isInstanceOf(StateStoreException.class).hasMessage("cluster store down");

        store.failing = false;
        assertThat(a.heartbeat()).isTrue();
        assertThat(a.cluster().orElseThrow().instances()).singleElement()
                .satisfies(i -> assertThat(i.report().appliedVersion()).isEqualTo(a.snapshot().version()));
        store.failing = true;
        a.close(); // the removal fails: logged, the close goes on
        assertThat(shared.instances(clock.instant())).hasSize(1);
    }

    @Test
    void theHeartbeatDoesNotKeepAControllerNobodyClosedAlive() {
        WeakReference<MaintenanceController> forgotten = startAndForget();

        Awaits.await().until(() -> {
            collectGarbage();
            return forgotten.get() == null;
        });
    }

    /** A controller on a store of its own (a store keeps its watchers, so a shared one would keep it). */
    private WeakReference<MaintenanceController> startAndForget() {
        InMemoryStateStore own = new InMemoryStateStore();
        MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).instanceName("forgotten")
                .stateStore(own).clusterHeartbeat(Duration.ofSeconds(1)).build());
        assertThat(own.instances(clock.instant())).extracting(InstanceReport::instance).containsExactly("forgotten");
        return new WeakReference<>(c);
    }

    private static void collectGarbage() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        while (sentinel.get() != null) {
            System.gc();
        }
    }

    @Test
    void aControllerOnTheDefaultStoreRunsNoHeartbeatAndHasNoClusterView() {
        long before = clusterThreads();
        try (MaintenanceController alone = MaintenanceController.create(TestControllers.config(clock)
                .instanceName("alone").build())) {
            assertThat(alone.config().stateStore()).isInstanceOf(InMemoryStateStore.class);
            assertThat(((ClusterStore) alone.config().stateStore()).keepsClusterReports()).isFalse();
            assertThat(alone.cluster()).isEmpty();
            assertThat(clusterThreads()).isLessThanOrEqualTo(before);
        }
        assertThat(new InMemoryStateStore().keepsClusterReports()).as("a store given explicitly is shareable").isTrue();
    }

    private static long clusterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("maintenance-cluster")).count();
    }

    @Test
    void instanceNamesWithControlCharactersAreRefusedByTheConfig() {
        assertThatThrownBy(() -> TestControllers.config(clock).instanceName("a\tb").build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("control characters");
    }

    private InstanceReport report(String name, long version) {
        return new InstanceReport(name, clock.instant(), clock.instant(), version, true, NO_TOTALS);
    }

    /**
     * A view of a shared in-memory store that records the reports published through it and can be
     * made to fail (or to hear nothing of the others' saves). Closing it leaves the shared store open.
     */
    private static final class RecordingStore implements StateStore, ClusterStore {
        final InMemoryStateStore backing;
        final List<InstanceReport> published = new CopyOnWriteArrayList<>();
        final List<Duration> expiries = new CopyOnWriteArrayList<>();
        final List<String> publishThreads = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        volatile boolean ignoreWatch;

        RecordingStore(InMemoryStateStore backing) {
            this.backing = backing;
        }

        @Override
        public Optional<StoredState> load() {
            return backing.load();
        }

        @Override
        public void save(StoredState state) {
            backing.save(state);
        }

        @Override
        public void watch(Consumer<StoredState> consumer) {
            if (!ignoreWatch) {
                backing.watch(consumer);
            }
        }

        @Override
        public void publishInstance(InstanceReport report, Duration expireAfter) {
            fail();
            published.add(report);
            expiries.add(expireAfter);
            publishThreads.add(Thread.currentThread().getName());
            backing.publishInstance(report, expireAfter);
        }

        @Override
        public List<InstanceReport> instances(Instant now) {
            fail();
            return backing.instances(now);
        }

        @Override
        public void removeInstance(String instance) {
            fail();
            backing.removeInstance(instance);
        }

        private void fail() {
            if (failing) {
                throw new StateStoreException("cluster store down");
            }
        }
    }
}
