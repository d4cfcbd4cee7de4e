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
