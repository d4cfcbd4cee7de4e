package io.github.maintenance.spi;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a controller keeps its control state so that it survives restarts and reaches the other
 * instances of a cluster.
 *
 * <p>Contract (checked by {@code AbstractStateStoreContractTest} in the core test-jar, which
 * every implementation's tests extend):
 * <ul>
 *   <li>{@link #load()} returns the newest saved state, or empty when nothing was saved.</li>
 *   <li>{@link #save(StoredState)} stores a state whose version is greater than the stored one,
 *       atomically (a reader sees the old or the new state, never a mix), and otherwise throws
 *       {@link StaleStateException} and changes nothing.</li>
 *   <li>{@link #watch(Consumer)} delivers states saved later through any store on the same
 *       backing (including this one); the consumer ignores versions it already has. Delivery is on
 *       a thread of the store's choosing, never on a request thread.</li>
 *   <li>Failures of the backing (I/O, network) surface as {@link StateStoreException}; the
 *       controller logs them and keeps its last known state.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface StateStore extends AutoCloseable {

    /** {@return the newest saved state, if any} */
    Optional<StoredState> load();

    /**
     * Saves {@code state}.
     *
     * @param state the state to save; its version must be newer than the stored one
     * @throws StaleStateException when the stored version is not older than {@code state}'s
     * @throws StateStoreException when the backing fails
     */
    void save(StoredState state);

    /**
     * Registers a consumer of states saved from now on; the default store has no peers.
     *
     * @param consumer called with each state another instance saves
     */
    default void watch(Consumer<StoredState> consumer) {
    }

    /**
     * The store's health: whether its backing is reachable and readable. Cheap (no I/O); safe to
     * call from any thread. The default reports an available store named after its class.
     *
     * @return the current status
     */
    default StoreStatus status() {
        String name = getClass().getSimpleName();
        return StoreStatus.ok(name.isEmpty() ? getClass().getName() : name);
    }

    /** Releases resources (threads, connections, file watches). Idempotent. */
    @Override
    default void close() {
    }
}
