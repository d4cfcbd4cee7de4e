package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.state.Phase;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that fails never fails a change nor a request (DESIGN section 7, STYLE 13). */
class StateStoreFailureTest {

    private static final class BrokenStore implements StateStore {
        final AtomicInteger saves = new AtomicInteger();

        @Override
        public Optional<StoredState> load() {
            throw new StateStoreException("store unreachable");
        }

        @Override
        public void save(StoredState state) {
            saves.incrementAndGet();
            throw new StateStoreException("store unreachable");
        }
    }

    @Test
    void changesTakeEffectLocallyWhenTheStoreFails() {
        BrokenStore store = new BrokenStore();
        MaintenanceConfig config = TestControllers.config(MutableClock.atDefault()).stateStore(store)
                .route(Route.builder("api").path("/api").build()).build();

        try (MaintenanceController c = MaintenanceController.create(config)) {
            assertThat(c.snapshot().state("api").phase()).isEqualTo(Phase.SERVING);

            c.enter("api");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            c.exit("api");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);
            assertThat(store.saves).hasValue(2);
        }
    }

    /** A store where other instances keep saving first: each save is refused as stale {@code refusals} times. */
    private static final class BusyStore implements StateStore {
        int refusals;
        long stored = 10;
        final java.util.List<Long> attempts = new java.util.ArrayList<>();

        BusyStore(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public Optional<StoredState> load() {
            return Optional.empty();
        }

        @Override
        public void save(StoredState state) {
            attempts.add(state.version());
            if (refusals-- > 0) {
                stored = Math.max(stored, state.version()) + 2;
                throw new io.github.maintenance.spi.StaleStateException(state.version(), stored);
            }
            stored = state.version();
        }
    }

    @Test
    void aChangeIsSavedUnderANewerVersionUntilNoOtherInstanceSavedFirst() {
        BusyStore store = new BusyStore(3);
        try (MaintenanceController c = MaintenanceController.create(
                TestControllers.config(MutableClock.atDefault()).stateStore(store).build())) {
            c.enter("ALL");

            assertThat(store.attempts).containsExactly(1L, 13L, 16L, 19L);
            assertThat(store.stored).isEqualTo(19);
            assertThat(c.snapshot().version()).isEqualTo(19);
        }
    }

    @Test
    void aChangeStaysLocalAfterTenStaleRefusals() {
        BusyStore store = new BusyStore(Integer.MAX_VALUE);
        try (MaintenanceController c = MaintenanceController.create(
                TestControllers.config(MutableClock.atDefault()).stateStore(store).build())) {
            c.enter("ALL");

            assertThat(store.attempts).hasSize(10);
            assertThat(c.decide("h", "/").action()).isEqualTo(Action.MAINTENANCE);
        }
    }

    @Test
    void aSecondControllerOnTheSameStoreStartsFromTheSavedState() {
        io.github.maintenance.store.InMemoryStateStore shared = new io.github.maintenance.store.InMemoryStateStore();
        MaintenanceConfig.Builder config = TestControllers.config(MutableClock.atDefault()).stateStore(shared)
                .route(Route.builder("api").path("/api").build());
        MaintenanceController first = MaintenanceController.create(config.build());
        first.enter("api");
        first.enter("/reports");

        MaintenanceController second = MaintenanceController.create(config.build());
        try {
            assertThat(second.decide("h", "/api/x").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(second.decide("h", "/reports").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(second.snapshot().version()).isEqualTo(first.snapshot().version());
        } finally {
            second.close();
            first.close();
        }
    }
}
