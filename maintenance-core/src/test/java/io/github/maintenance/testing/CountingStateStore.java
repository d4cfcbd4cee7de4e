package io.github.maintenance.testing;

import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory store that counts its saves (refused stale ones included), for tests of batching. */
public final class CountingStateStore implements StateStore {

    private final InMemoryStateStore delegate = new InMemoryStateStore();
    /** How many times {@link #save} was called. */
    public final AtomicInteger saves = new AtomicInteger();

    @Override
    public Optional<StoredState> load() {
        return delegate.load();
    }

    @Override
    public void save(StoredState state) {
        saves.incrementAndGet();
        delegate.save(state);
    }

    @Override
    public void watch(Consumer<StoredState> consumer) {
        delegate.watch(consumer);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
