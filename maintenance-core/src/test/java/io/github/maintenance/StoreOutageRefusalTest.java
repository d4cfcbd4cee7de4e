package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** With {@code refuseChangesWhenStoreUnavailable}, a change the store cannot keep is refused whole. */
class StoreOutageRefusalTest {

    /** A store that can be switched down and up again; while down it fails and says so. */
    private static final class SwitchableStore implements StateStore {
        private final InMemoryStateStore delegate = new InMemoryStateStore();
        volatile boolean down;
        int saves;

        @Override
        public Optional<StoredState> load() {
            return delegate.load();
        }

        @Override
        public synchronized void save(StoredState state) {
            saves++;
            if (down) {
                throw new StateStoreException("connection refused");
            }
            delegate.save(state);
        }

        @Override
        public StoreStatus status() {
            return down ? new StoreStatus("switchable", false, "connection refused", null) : StoreStatus.ok("switchable");
        }
    }

    private final MutableClock clock = MutableClock.atDefault();
    private final SwitchableStore store = new SwitchableStore();

    private MaintenanceController controller(boolean refuse) {
        return MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .stateStore(store)
                .refuseChangesWhenStoreUnavailable(refuse)
                .build());
    }

    @Test
    void aChangeWhileTheStoreIsDownIsRefusedAndChangesNothing() {
        List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
        try (MaintenanceController c = controller(true)) {
            c.addListener(events::add);
            long version = c.snapshot().version();
            store.down = true;

            assertThatThrownBy(() -> c.apply(Change.enter("api"), Cause.api()))
                    .isInstanceOfSatisfying(MaintenanceException.class,
                            e -> assertThat(e.kind()).isEqualTo(MaintenanceException.Kind.STORE_UNAVAILABLE))
                    .hasMessage("the state store is unavailable (connection refused); the change was refused");

            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);
            assertThat(c.snapshot().version()).isEqualTo(version);
            assertThat(c.routes()).extracting(Route::id).containsExactly("*", "api");
            assertThat(events).isEmpty();
            assertThat(store.saves).isZero();

            store.down = false;
            ChangeResult accepted = c.apply(Change.enter("api"), Cause.api());

            assertThat(accepted.storeSaved()).isTrue();
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(events).extracting(MaintenanceEvent::type).containsExactly(MaintenanceEvent.Type.MAINTENANCE_ENTERED);
        }
    }

    @Test
    void changesTheStoreDoesNotKeepAreNotRefused() {
        try (MaintenanceController c = controller(true)) {
            store.down = true;

            c.setExemptPaths("ops", List.of("/health"), Cause.api());

            assertThat(c.exemptPaths()).containsExactly("/health");
        }
    }

    @Test
    void byDefaultAChangeWhileTheStoreIsDownHoldsOnThisInstanceOnly() {
        try (MaintenanceController c = controller(false)) {
            store.down = true;

            ChangeResult r = c.apply(Change.enter("api"), Cause.api());

            assertThat(r.storeSaved()).isFalse();
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        }
    }
}
