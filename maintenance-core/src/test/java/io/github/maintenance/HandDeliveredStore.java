package io.github.maintenance;

import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A store whose watchers get a state only when the test hands it over, on the test's thread, as
 * a store's watcher delivers what another instance saved. It keeps every saved state in order.
 */
final class HandDeliveredStore implements StateStore {

    private final List<StoredState> saved = new ArrayList<>();
    private final List<Consumer<StoredState>> watchers = new CopyOnWriteArrayList<>();
    private StoredState initial;

    /** A store that holds {@code initial} (or nothing) at start. */
    HandDeliveredStore(StoredState initial) {
        this.initial = initial;
    }

    @Override
    public synchronized Optional<StoredState> load() {
        return Optional.ofNullable(saved.isEmpty() ? initial : saved.get(saved.size() - 1));
    }

    @Override
    public synchronized void save(StoredState state) {
        saved.add(state);
    }

    @Override
    public void watch(Consumer<StoredState> consumer) {
        watchers.add(consumer);
    }

    /** The states saved so far, oldest first. */
    synchronized List<StoredState> saved() {
        return List.copyOf(saved);
    }

    /** Hands {@code state} to the watchers, as a store does with a state saved elsewhere. */
    void deliver(StoredState state) {
        watchers.forEach(w -> w.accept(state));
    }

    @Override
    public void close() {
        watchers.clear();
    }
}
