package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the controller does with a store beyond load, save and watch: extensions, status. */
class ControllerStoreTest {

    @Test
    void keysOfANewerFormatSurviveAChangeMadeByThisVersion() {
        InMemoryStateStore store = new InMemoryStateStore();
        Map<String, String> newer = Map.of("schedule.count", "1", "schedule.0.target", "ALL");
        store.save(new StoredState(4, Instant.parse("2026-01-01T00:00:00Z"), Map.of(), List.of(), null, null, newer));

        try (MaintenanceController c = MaintenanceController.create(
                TestControllers.config(MutableClock.atDefault()).stateStore(store).build())) {
            c.enter("ALL");

            StoredState saved = store.load().orElseThrow();
            assertThat(saved.version()).isEqualTo(5);
            assertThat(saved.allMaintenance()).isNotNull();
            assertThat(saved.extensions()).isEqualTo(newer);
        }
    }

    @Test
    void storeStatusIsTheStoresOwn() {
        StoreStatus down = new StoreStatus("test store", false, "disk full", Instant.parse("2026-01-01T00:00:00Z"));
        StateStore store = new StateStore() {
            @Override
            public Optional<StoredState> load() {
                return Optional.empty();
            }

            @Override
            public void save(StoredState state) {
            }

            @Override
            public StoreStatus status() {
                return down;
            }
        };
        try (MaintenanceController c = MaintenanceController.create(
                TestControllers.config(MutableClock.atDefault()).stateStore(store).build())) {
            assertThat(c.storeStatus()).isSameAs(down);
        }
        try (MaintenanceController c = MaintenanceController.create(
                TestControllers.config(MutableClock.atDefault()).build())) {
            assertThat(c.storeStatus()).isEqualTo(StoreStatus.ok("InMemoryStateStore"));
        }
    }
}
