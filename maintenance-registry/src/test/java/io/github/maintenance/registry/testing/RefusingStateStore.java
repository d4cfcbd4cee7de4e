package io.github.maintenance.registry.testing;

import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;

import java.util.Optional;

/**
 * An in-memory state store that can be taken down: while {@link #down} is set every save fails
 * with a {@link StateStoreException}, as a cluster store (Redis) that cannot be reached does.
 */
public final class RefusingStateStore implements StateStore {

    private final InMemoryStateStore delegate = new InMemoryStateStore();
    /** While {@code true}, saves fail. */
    public volatile boolean down;

    @Override
    public Optional<StoredState> load() {
        return delegate.load();
    }

    @Override
    public void save(StoredState state) {
        if (down) {
            throw new StateStoreException("the store is down (test)");
        }
        delegate.save(state);
    }
}
