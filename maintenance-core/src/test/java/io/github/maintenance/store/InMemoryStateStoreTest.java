package io.github.maintenance.store;

import io.github.maintenance.testing.AbstractStateStoreContractTest;
import io.github.maintenance.spi.StateStore;

import org.junit.jupiter.api.BeforeEach;

class InMemoryStateStoreTest extends AbstractStateStoreContractTest {

    private InMemoryStateStore backing;

    @BeforeEach
    void newBacking() {
        backing = new InMemoryStateStore();
    }

    @Override
    protected StateStore createStore() {
        // Controllers in one JVM share one instance; closing is per backing, so hand out a view.
        InMemoryStateStore shared = backing;
        return new StateStore() {
            @Override
            public java.util.Optional<io.github.maintenance.spi.StoredState> load() {
                return shared.load();
            }

            @Override
            public void save(io.github.maintenance.spi.StoredState state) {
                shared.save(state);
            }

            @Override
            public void watch(java.util.function.Consumer<io.github.maintenance.spi.StoredState> consumer) {
                shared.watch(consumer);
            }

            @Override
            public io.github.maintenance.spi.StoreStatus status() {
                return shared.status();
            }

            @Override
            public void close() {
                shared.close();
            }
        };
    }
}
