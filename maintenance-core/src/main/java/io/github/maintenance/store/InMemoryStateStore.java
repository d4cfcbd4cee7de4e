package io.github.maintenance.store;

import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The default store: keeps the state in memory, so it lasts as long as the JVM. One instance can
 * be shared by several controllers in the same JVM, which then see each other's changes (useful
 * in tests of cluster behaviour). It keeps their cluster reports too ({@link ClusterStore}), so
 * such controllers form a cluster view; the store a configuration creates when none is given
 * ({@link #forOneController()}) does not.
 *
 * <p>Thread-safe. Watchers are called in save order on one daemon thread that the store starts
 * with the first {@link #watch} and stops on {@link #close()}.
 */
public final class InMemoryStateStore implements StateStore, ClusterStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryStateStore.class);

    private final AtomicReference<StoredState> current = new AtomicReference<>();
    private final List<Consumer<StoredState>> watchers = new CopyOnWriteArrayList<>();
    /** Instance name to its last report, with when that report stops counting as live. */
    private final Map<String, Published> reports = new ConcurrentHashMap<>();
    private final boolean clusterReports;
    private ExecutorService delivery;
    private boolean closed;

    /** An empty store, which keeps the cluster reports of the controllers sharing it. */
    public InMemoryStateStore() {
        this(true);
    }

    private InMemoryStateStore(boolean clusterReports) {
        this.clusterReports = clusterReports;
    }

    /**
     * An empty store for one controller alone: the store a configuration gets when none is given.
     * It keeps no cluster reports ({@link #keepsClusterReports()} is {@code false}), so its
     * controller runs no heartbeat and shows no cluster view.
     *
     * @return a new store
     */
    public static InMemoryStateStore forOneController() {
        return new InMemoryStateStore(false);
    }

    @Override
    public boolean keepsClusterReports() {
        return clusterReports;
    }

    @Override
    public Optional<StoredState> load() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public synchronized void save(StoredState state) {
        StoredState old = current.get();
        if (old != null && old.version() >= state.version()) {
            throw new StaleStateException(state.version(), old.version());
        }
        current.set(state);
        if (delivery != null) {
            delivery.execute(() -> {
                for (Consumer<StoredState> w : watchers) {
                    try {
                        w.accept(state);
                    } catch (RuntimeException e) {
                        LOG.warn("State store watcher failed: {}", e.toString());
                    }
                }
            });
        }
    }

    @Override
    public synchronized void watch(Consumer<StoredState> consumer) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        watchers.add(consumer);
        if (delivery == null) {
            delivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "maintenance-memory-store");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code expireAfter} is not positive
     */
    @Override
    public void publishInstance(InstanceReport report, Duration expireAfter) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(expireAfter, "expireAfter");
        if (expireAfter.isNegative() || expireAfter.isZero()) {
            throw new IllegalArgumentException("expireAfter must be positive: " + expireAfter);
        }
        reports.put(report.instance(), new Published(report, report.heartbeat().plus(expireAfter)));
    }

    @Override
    public List<InstanceReport> instances(Instant now) {
        Objects.requireNonNull(now, "now");
        reports.values().removeIf(p -> now.isAfter(p.expires()));
        return reports.values().stream().map(Published::report)
                .sorted(Comparator.comparing(InstanceReport::instance)).toList();
    }

    @Override
    public void removeInstance(String instance) {
        reports.remove(Objects.requireNonNull(instance, "instance"));
    }

    /** A kept report and the moment it expires. */
    private record Published(InstanceReport report, Instant expires) {
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchers.clear();
        if (delivery != null) {
            delivery.shutdown();
            delivery = null;
        }
    }
}
