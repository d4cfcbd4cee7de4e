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
}
