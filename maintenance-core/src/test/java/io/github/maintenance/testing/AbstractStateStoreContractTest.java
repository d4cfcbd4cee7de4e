package io.github.maintenance.testing;

import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.Cause;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link StateStore} must pass. Extend it and return stores on one shared,
 * initially empty backing from {@link #openStore()}: every call within a test must reach the same
 * backing (another instance of a cluster), and each test must start from an empty one.
 */
public abstract class AbstractStateStoreContractTest {

    private final List<StateStore> opened = new ArrayList<>();

    /** A new store on the test's shared backing. */
    protected abstract StateStore createStore();

    /**
     * Whether the store delivers states saved through another store instance on the same backing
     * to {@link StateStore#watch} (true for stores meant for clusters).
     */
    protected boolean propagatesToPeers() {
        return true;
    }

    /**
     * Writes {@code state} to the backing the way a writer outside the library would, so that no
     * notice of it reaches the watchers (Redis: {@code HSET} without {@code PUBLISH}): the contract
     * tests check that watchers that missed it still catch up. The default saves it through a new
     * store: right for stores whose watchers read the backing itself (polling a file or a table),
     * which have no notice to miss.
     *
     * @param state the state to write; newer than the stored one
     */
    protected void writeWithoutNotice(StoredState state) {
        openStore().save(state);
    }

    /**
     * Breaks the connections on which the stores of this test receive notices of changes (Redis:
     * kills the subscriptions); they must reconnect and catch up by themselves. The default does
     * nothing: a store without such a connection has none to break.
     */
    protected void interruptNotices() {
    }

    /**
     * Sends again, late, the notices of the change from {@code from} to {@code to} (Redis: the
     * delta and the whole state, on the channels), as a network that delays or reorders messages
     * would. The default does nothing: a store that reads the backing itself gets no notices that
     * could arrive late.
     *
     * @param from the state before the change
     * @param to   the state after it; already saved, and followed by newer ones
     */
    protected void replayNotices(StoredState from, StoredState to) {
    }

    protected final StateStore openStore() {
        StateStore s = createStore();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        for (StateStore s : opened) {
            s.close();
        }
        opened.clear();
    }

    /** A state using every field (routes in maintenance and draining, an ad-hoc route, ALL), at {@code version}. */
    public static StoredState sampleState(long version) {
        Instant t = Instant.parse("2026-03-01T10:15:30Z");
        MaintenanceState m = new MaintenanceState("https://status.example.com/page?x=1", "Back at 11:00 | soon",
                Duration.ofSeconds(120), t, t.plusSeconds(3600), Cause.of(Cause.Source.REGISTRY, "svc-1"));
        DrainState d = new DrainState(t.plusSeconds(5), Duration.ofSeconds(90), DrainPolicy.linear(),
                AfterDrain.ENTER_MAINTENANCE, Cause.api("deploy"));
        MaintenanceState plain = new MaintenanceState(null, null, Duration.ofSeconds(300), t, null, Cause.api());
        Route adHoc = Route.builder("path:/admin").path("/admin").build();
        ScheduledWindow pending = new ScheduledWindow("sch-00000000002a", "/admin,api.example.com",
                t.plusSeconds(7200), t.plusSeconds(9000), "https://status.example.com/w", "Upgrade | window",
                Duration.ofSeconds(600), t, Cause.api("ops"), false);
        ScheduledWindow running = new ScheduledWindow("sch-00000000002b", "ALL", t.minusSeconds(60),
                t.plusSeconds(600), null, null, null, t.minusSeconds(3600), Cause.of(Cause.Source.REGISTRY, "s-1"),
                true);
        return new StoredState(version, t.plusSeconds(10),
                Map.of("api", new RouteState(m, null), "path:/admin", new RouteState(null, d),
                        "*", new RouteState(plain, d)),
                List.of(adHoc), plain, d, List.of(running, pending), Map.of());
    }

    /**
     * A large state: routes {@code r0} to {@code r(routes-1)} in maintenance, at {@code version}.
     *
     * @param version the state's version
     * @param routes  how many routes are in maintenance
     * @return the state
     */
    public static StoredState largeState(long version, int routes) {
        Instant t = Instant.parse("2026-03-01T10:15:30Z");
        MaintenanceState m = new MaintenanceState(null, "Back soon", Duration.ofSeconds(300), t, null,
                Cause.api("ops"));
        Map<String, RouteState> states = new HashMap<>();
        for (int i = 0; i < routes; i++) {
            states.put("r" + i, new RouteState(m, null));
        }
        return new StoredState(version, t.plusSeconds(version), states, List.of(), null, null);
    }

    /**
     * {@code s} changed on one route, at {@code version}: route {@code r<version>} leaves
     * maintenance when it is in it, else enters it.
     *
     * @param s       the state to change
     * @param version the new version
     * @return the changed state
     */
    public static StoredState oneRouteChange(StoredState s, long version) {
        Map<String, RouteState> routes = new HashMap<>(s.routeStates());
        String id = "r" + version;
        if (routes.remove(id) == null) {
            routes.put(id, new RouteState(new MaintenanceState(null, "Change " + version, Duration.ofSeconds(60),
                    s.savedAt(), null, Cause.api("ops")), null));
        }
        return new StoredState(version, s.savedAt().plusSeconds(1), routes, s.adHocRoutes(), s.allMaintenance(),
                s.allDrain(), s.schedules(), s.extensions());
    }

    @Test
    void loadOfAnEmptyStoreIsEmpty() {
        assertThat(openStore().load()).isEmpty();
    }

    @Test
    void savedStateLoadsBackEqual() {
        StateStore store = openStore();
        StoredState s = sampleState(1);
        store.save(s);
        assertThat(store.load()).contains(s);
    }

    @Test
    void anotherStoreOnTheSameBackingLoadsTheSavedState() {
        openStore().save(sampleState(3));
        assertThat(openStore().load()).map(StoredState::version).contains(3L);
    }

    @Test
    void newerVersionReplacesOlder() {
        StateStore store = openStore();
        store.save(sampleState(1));
        StoredState empty = new StoredState(2, Instant.parse("2026-03-01T11:00:00Z"), Map.of(), List.of(), null, null);
        store.save(empty);
        assertThat(store.load()).contains(empty);
    }

    @Test
    void staleVersionIsRefusedAndChangesNothing() {
        StateStore store = openStore();
        store.save(sampleState(5));
        StoredState older = new StoredState(4, Instant.parse("2026-03-01T11:00:00Z"), Map.of(), List.of(), null, null);
        assertThatThrownBy(() -> store.save(older)).isInstanceOf(StaleStateException.class)
                .hasMessageContaining("version 4");
        StoredState same = new StoredState(5, Instant.parse("2026-03-01T11:00:00Z"), Map.of(), List.of(), null, null);
        assertThatThrownBy(() -> store.save(same)).isInstanceOf(StaleStateException.class);
        assertThat(store.load()).contains(sampleState(5));
    }

    @Test
    void sectionsOfANewerFormatAreKept() {
        StateStore store = openStore();
        StoredState s = sampleState(1);
        StoredState withExtensions = new StoredState(2, s.savedAt(), s.routeStates(), s.adHocRoutes(),
                s.allMaintenance(), s.allDrain(), s.schedules(), Map.of("quota.count", "1", "quota.0.target", "ALL"));
        store.save(withExtensions);
        assertThat(openStore().load()).contains(withExtensions);
    }

    @Test
    void statusNamesTheStoreAndIsAvailableAfterASuccessfulLoad() {
        StateStore store = openStore();
        store.load();
        StoreStatus status = store.status();
        assertThat(status.store()).isNotBlank();
        assertThat(status.available()).isTrue();
        assertThat(status.detail()).isNotBlank();
    }

    @Test
    void watchersSeeStatesSavedLater() throws InterruptedException {
        StateStore writer = openStore();
        StateStore reader = propagatesToPeers() ? openStore() : writer;
        BlockingQueue<StoredState> seen = new LinkedBlockingQueue<>();
        reader.watch(seen::add);
        StoredState s = sampleState(7);
        writer.save(s);
        StoredState got = seen.poll(10, TimeUnit.SECONDS);
        while (got != null && got.version() < 7) {
            got = seen.poll(10, TimeUnit.SECONDS);
        }
        assertThat(got).isEqualTo(s);
    }

    /**
     * Four stores on the backing race to save the next version of what they load: each version is
     * accepted once, the others are refused as stale, the backing ends at the number of accepted
     * saves, and a watcher sees versions only increasing, up to the last.
     */
    @Test
    void concurrentWritersProduceOneIncreasingSequenceOfVersions() throws Exception {
        int writers = 4;
        int attempts = 25;
        StateStore observer = openStore();
        BlockingQueue<Long> observed = new LinkedBlockingQueue<>();
        if (propagatesToPeers()) {
            observer.watch(s -> observed.add(s.version()));
        }
        List<StateStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            stores.add(openStore());
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (StateStore w : stores) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int a = 0; a < attempts; a++) {
                        long next = w.load().map(StoredState::version).orElse(0L) + 1;
                        try {
                            w.save(new StoredState(next, Instant.EPOCH, Map.of(), List.of(), null, null));
                            accepted.incrementAndGet();
                        } catch (StaleStateException e) {
                            stale.incrementAndGet();
                            assertThat(e.current()).isGreaterThanOrEqualTo(next);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long last = accepted.get();
        assertThat(accepted.get() + stale.get()).isEqualTo(writers * attempts);
        assertThat(observer.load()).map(StoredState::version).contains(last);
        if (propagatesToPeers()) {
            List<Long> seen = new ArrayList<>();
            Long v = observed.poll(20, TimeUnit.SECONDS);
            while (v != null) {
                seen.add(v);
                if (v == last) {
                    break;
                }
                v = observed.poll(20, TimeUnit.SECONDS);
            }
            assertThat(seen).endsWith(last).isSorted().doesNotHaveDuplicates();
        }
    }

    // ---- changes that watchers miss, or hear late -------------------------------------------------

    /**
     * A change written without notice (a missed message), then a one-route change saved by a store
     * that knows it: the watcher cannot build the newest state from what it holds, and must still
     * end at it, equal to what {@code load()} returns.
     */
    @Test
    void aWatcherThatMissedAChangeEndsAtTheNewestStateAfterTheNextSave() throws InterruptedException {
        StateStore writer = openStore();
        StateStore reader = propagatesToPeers() ? openStore() : writer;
        Watched seen = Watched.on(reader);
        StoredState v1 = largeState(1, 200);
        writer.save(v1);
        seen.awaitVersion(1);
        StoredState v2 = oneRouteChange(v1, 2);
        writeWithoutNotice(v2);
        StateStore other = openStore();
        assertThat(other.load()).contains(v2);
        StoredState v3 = oneRouteChange(v2, 3);

        other.save(v3);

        assertThat(seen.awaitVersion(3)).isEqualTo(v3);
        assertThat(reader.load()).contains(v3);
        seen.assertIncreasingAndEqualTo(v1, v2, v3);
    }

    /** A change written without notice, and no change after it: the watcher still reaches it. */
    @Test
    void aWatcherThatMissedTheLastChangeReachesItWithoutAFurtherChange() throws InterruptedException {
        StateStore writer = openStore();
        StateStore reader = propagatesToPeers() ? openStore() : writer;
        Watched seen = Watched.on(reader);
        StoredState v1 = largeState(1, 50);
        writer.save(v1);
        seen.awaitVersion(1);
        StoredState v2 = oneRouteChange(v1, 2);

        writeWithoutNotice(v2);

        assertThat(seen.awaitVersion(2)).isEqualTo(v2);
        seen.assertIncreasingAndEqualTo(v1, v2);
    }

    /** The watchers' connection for notices breaks and changes are saved meanwhile: they converge. */
    @Test
    void watchersWhoseNoticesWereInterruptedConvergeToTheNewestState() throws InterruptedException {
        StateStore writer = openStore();
        StateStore reader = propagatesToPeers() ? openStore() : writer;
        Watched seen = Watched.on(reader);
        StoredState v1 = largeState(1, 50);
        writer.save(v1);
        seen.awaitVersion(1);

        interruptNotices();
        StoredState v2 = oneRouteChange(v1, 2);
        StoredState v3 = oneRouteChange(v2, 3);
        StateStore other = openStore();
        other.save(v2);
        other.save(v3);

        assertThat(seen.awaitVersion(3)).isEqualTo(v3);
        assertThat(reader.load()).contains(v3);
        seen.assertIncreasingAndEqualTo(v1, v2, v3);
    }

    /** Notices of older changes arriving after newer ones change nothing; the next change still arrives. */
    @Test
    void noticesOfOlderChangesArrivingLateChangeNothing() throws InterruptedException {
        StateStore writer = openStore();
        StateStore reader = propagatesToPeers() ? openStore() : writer;
        Watched seen = Watched.on(reader);
        StoredState v1 = largeState(1, 50);
        StoredState v2 = oneRouteChange(v1, 2);
        StoredState v3 = oneRouteChange(v2, 3);
        writer.save(v1);
        writer.save(v2);
        writer.save(v3);
        seen.awaitVersion(3);

        replayNotices(v1, v2);
        replayNotices(v2, v3);
        StoredState v4 = oneRouteChange(v3, 4);
        writer.save(v4);

        assertThat(seen.awaitVersion(4)).isEqualTo(v4);
        assertThat(reader.load()).contains(v4);
        seen.assertIncreasingAndEqualTo(v1, v2, v3, v4);
    }

    /**
     * A series of one-route changes over a large state: the watcher gets states equal to the ones
     * saved, in increasing versions, none twice, ending with the last.
     */
    @Test
    void watchersGetEachOneRouteChangeOfALargeStateAsSaved() throws InterruptedException {
        StateStore writer = openStore();
        StateStore reader = propagatesToPeers() ? openStore() : writer;
        Watched seen = Watched.on(reader);
        List<StoredState> saved = new ArrayList<>();
        StoredState s = largeState(1, 2_000);
        writer.save(s);
        saved.add(s);
        seen.awaitVersion(1);

        for (long v = 2; v <= 11; v++) {
            s = oneRouteChange(s, v);
            writer.save(s);
            saved.add(s);
        }

        assertThat(seen.awaitVersion(11)).isEqualTo(s);
        seen.assertIncreasingAndEqualTo(saved.toArray(StoredState[]::new));
    }

    /** The states a watcher receives, in order. */
    private static final class Watched {
        private final BlockingQueue<StoredState> queue = new LinkedBlockingQueue<>();
        private final List<StoredState> got = new ArrayList<>();

        static Watched on(StateStore store) {
            Watched w = new Watched();
            store.watch(w.queue::add);
            return w;
        }

        /** Waits for a state of {@code version} or newer (20 s at most) and returns the newest received. */
        StoredState awaitVersion(long version) throws InterruptedException {
            while (got.isEmpty() || got.get(got.size() - 1).version() < version) {
                StoredState s = queue.poll(20, TimeUnit.SECONDS);
                assertThat(s).as("a state of version %d within 20 s; got versions %s", version, versions())
                        .isNotNull();
                got.add(s);
            }
            return got.get(got.size() - 1);
        }

        List<Long> versions() {
            return got.stream().map(StoredState::version).toList();
        }

        /** Versions only increase, none twice, and each state received equals the one of its version. */
        void assertIncreasingAndEqualTo(StoredState... states) {
            assertThat(versions()).isSorted().doesNotHaveDuplicates();
            Map<Long, StoredState> byVersion = new HashMap<>();
            for (StoredState s : states) {
                byVersion.put(s.version(), s);
            }
            for (StoredState s : got) {
                assertThat(s).as("version %d", s.version()).isEqualTo(byVersion.get(s.version()));
            }
        }
    }
}
