package io.github.maintenance.registry.testing;

import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A view of a shared in-memory store for cluster tests. It hears nothing of the other controllers'
 * saves, so its controller stays at the state version it started with and lags; it reports itself
 * unavailable unless {@link #healthy}; and while {@link #unreadable} it refuses to read the
 * cluster reports. Closing it leaves the shared store open.
 */
public final class DeafStateStore implements StateStore, ClusterStore {

    private final InMemoryStateStore backing;
    /** Whether {@link #status()} says the store is available (default: it says the connection was lost). */
    public volatile boolean healthy;
    /** While {@code true}, {@link #instances} fails with a {@link StateStoreException}. */
    public volatile boolean unreadable;

    /** @param backing the shared store */
    public DeafStateStore(InMemoryStateStore backing) {
        this.backing = backing;
    }

    @Override
    public Optional<StoredState> load() {
        return backing.load();
    }

    @Override
    public void save(StoredState state) {
        backing.save(state);
    }

    @Override
    public void watch(Consumer<StoredState> consumer) {
        // deaf: the other instances' changes never arrive
    }

    @Override
    public StoreStatus status() {
        return healthy ? StoreStatus.ok("deaf") : new StoreStatus("deaf", false, "connection lost", null);
    }

    @Override
    public void publishInstance(InstanceReport report, Duration expireAfter) {
        backing.publishInstance(report, expireAfter);
    }

    @Override
    public List<InstanceReport> instances(Instant now) {
        if (unreadable) {
            throw new StateStoreException("cluster reports unreadable");
        }
        return backing.instances(now);
    }

    @Override
    public void removeInstance(String instance) {
        backing.removeInstance(instance);
    }
}
