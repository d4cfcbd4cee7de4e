package io.github.maintenance.redis;

import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.FileStateStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What this instance knows of the state, apart from Redis: the newest state seen or made here
 * ({@link #latest()}), its optional local copy on disk, and the watchers it is delivered to.
 *
 * <p>Concurrency: {@code latest} is an atomic reference that only ever moves to a higher version
 * ({@link #known} from any thread); the watcher list is copy-on-write; {@code delivered} is confined
 * to the worker thread, so {@link #deliver} is called there only. No lock is held while a watcher
 * runs or the local copy is written ({@link FileStateStore} is thread-safe and refuses to go back).
 */
final class KnownState {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

    private final AtomicReference<StoredState> latest = new AtomicReference<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final FileStateStore localCopy;
    // Worker thread only.
    private long delivered = -1;
    private StoredState deliveredState;

    /** Opens the local copy in {@code file}, or keeps none when it is null. */
    KnownState(Path file) {
        this.localCopy = file == null ? null : FileStateStore.open(file);
    }

    /** The newest state seen or made here, or null. */
    StoredState latest() {
        return latest.get();
    }

    /** Records the newest state seen or made here, and keeps it in the local copy. */
    void known(StoredState s) {
        StoredState now = latest.accumulateAndGet(s, (a, b) -> a == null || b.version() > a.version() ? b : a);
        if (localCopy != null && now.version() == s.version()) {
            try {
                localCopy.save(s);
            } catch (StaleStateException e) {
                // the copy already holds this version or a newer one
            } catch (StateStoreException e) {
                LOG.debug("Local copy not written: {}", e.getMessage());
            }
        }
    }

    /** The state in the local copy, if there is one (Redis is unreachable at start). */
    Optional<StoredState> loadLocalCopy() {
        return localCopy == null ? Optional.empty() : localCopy.load();
    }

    /** The file of the local copy; only when there is one. */
    Path localCopyFile() {
        return localCopy.file();
    }

    /**
     * Adds a watcher; the returned handle is what the worker gives it its first state through, so
     * that it never gets a version twice (the first state and a delivery racing it) or out of order.
     */
    Watcher addWatcher(Consumer<StoredState> watcher) {
        Watcher w = new Watcher(watcher);
        watchers.add(w);
        return w;
    }

    /** A watcher and the last version it was given; used on the worker thread only. */
    static final class Watcher {
        private final Consumer<StoredState> consumer;
        private long given = -1;

        private Watcher(Consumer<StoredState> consumer) {
            this.consumer = consumer;
        }

        /** Worker thread: gives {@code s} unless this watcher has had it or a newer one. */
        void give(StoredState s) {
            if (s.version() <= given) {
                return;
            }
            given = s.version();
            accept(consumer, s);
        }
    }

    /** Worker thread: delivers a state newer than any delivered before. */
    void deliver(StoredState s) {
        if (s.version() <= delivered) {
            return;
        }
        delivered = s.version();
        deliveredState = s;
        known(s);
        for (Watcher w : watchers) {
            w.give(s);
        }
    }

    /** Worker thread: the version last delivered, or -1. */
    long delivered() {
        return delivered;
    }

    /**
     * Worker thread: the state of {@code version} if it is the one last delivered, else null; what a
     * delta from {@code version} applies to. Only a delivered state qualifies: it came from Redis (or
     * was written there), whereas {@link #latest()} may be a change held during an outage that Redis
     * never stored.
     */
    StoredState held(long version) {
        StoredState d = deliveredState;
        return d != null && d.version() == version ? d : null;
    }

    /** Gives {@code s} to one watcher; its failure is logged, not propagated. */
    static void accept(Consumer<StoredState> w, StoredState s) {
        try {
            w.accept(s);
        } catch (RuntimeException e) {
            LOG.warn("State store watcher failed: {}", e.toString(), e);
        }
    }

    /** Closes the local copy and forgets the watchers; once the worker has stopped. */
    void close() {
        if (localCopy != null) {
            localCopy.close();
        }
        watchers.clear();
    }
}
