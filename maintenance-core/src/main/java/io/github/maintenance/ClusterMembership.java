package io.github.maintenance;

import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.cluster.InstanceView;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.Totals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One controller's part in the cluster view, when its state store keeps cluster reports
 * ({@link ClusterStore}): publishes the controller's {@link InstanceReport} at start and then every
 * heartbeat on a thread of its own, removes it on close, and builds the {@link ClusterView}.
 *
 * <p>A publish that fails is logged once at WARN (then at DEBUG until one succeeds again, which is
 * logged at INFO) and retried at the next heartbeat. To tell a lagging instance from one still
 * applying a change, it remembers when this instance first knew of each state version: its own
 * applied version at each heartbeat, and every version a view reads (see {@link ClusterView}).
 *
 * <p>Thread-safe: publishing and closing are serialised on this object, so no report is published
 * after the close removed it; the versions seen have their own lock, so reading a view never waits
 * for a publish.
 */
final class ClusterMembership {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceController.class);
    /** How many heartbeats a report counts as live. */
    static final int LIVE_HEARTBEATS = 3;
    /** How many versions are remembered with when they were first known; the oldest are dropped. */
    private static final int MAX_VERSIONS = 256;

    private final MaintenanceController controller;
    private final ClusterStore reports;
    private final StateStore states;
    private final Clock clock;
    private final String name;
    private final Duration heartbeat;
    private final Instant started;
    private final ScheduledExecutorService scheduler;
    /** Version to when this instance first knew of it; guarded by itself. */
    private final TreeMap<Long, Instant> firstKnown = new TreeMap<>();
    // Guarded by this.
    private boolean failing;
    private boolean closed;

    private ClusterMembership(MaintenanceController controller, ClusterStore reports, Instant started) {
        MaintenanceConfig config = controller.config();
        this.controller = controller;
        this.reports = reports;
        this.states = config.stateStore();
        this.clock = config.clock();
        this.name = config.instanceName();
        this.heartbeat = config.clusterHeartbeat();
        this.started = started;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Publishes the controller's first report now and schedules the next ones, when its state store
     * keeps cluster reports.
     *
     * @return the membership, or {@code null} when the store keeps no cluster reports
     */
    static ClusterMembership start(MaintenanceController controller, Instant started) {
        if (!(controller.config().stateStore() instanceof ClusterStore store) || !store.keepsClusterReports()) {
            return null;
        }
        ClusterMembership m = new ClusterMembership(controller, store, started);
        m.beat();
        long ms = m.heartbeat.toMillis();
        m.scheduler.scheduleWithFixedDelay(new Beat(new WeakReference<>(m), m.scheduler), ms, ms,
                TimeUnit.MILLISECONDS);
        return m;
    }

    /**
     * The scheduled task. It holds the membership (and so the controller) weakly: a controller that
     * nobody closed can still be collected, and its heartbeat thread then ends (its report expires).
     */
    private record Beat(WeakReference<ClusterMembership> membership, ScheduledExecutorService scheduler)
            implements Runnable {
        @Override
        public void run() {
            ClusterMembership m = membership.get();
            if (m == null) {
                scheduler.shutdown();
            } else {
                m.beat();
            }
        }
    }

    /**
     * Publishes this instance's report now (the scheduler's task). Never throws.
     *
     * @return whether the store took the report
     */
    synchronized boolean beat() {
        if (closed) {
            return false;
        }
        try {
            Instant now = clock.instant();
            long version = controller.snapshot().version();
            known(List.of(version), now);
            InstanceReport report = new InstanceReport(name, now, started, version,
                    controller.storeStatus().available(), controller.totals());
            reports.publishInstance(report, heartbeat.multipliedBy(LIVE_HEARTBEATS));
            if (failing) {
                failing = false;
                LOG.info("Cluster report of instance {} published again", name);
            }
            return true;
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Could not publish the cluster report of instance {} ({}); retrying every {}", name,
                        e.toString(), Durations.format(heartbeat));
            } else {
                LOG.debug("Cluster report of instance {} still not published: {}", name, e.toString());
            }
            return false;
        }
    }

    /**
     * Reads the reports of the live instances and builds the view.
     *
     * @throws io.github.maintenance.spi.StateStoreException when the store cannot be read
     */
    ClusterView view() {
        Instant now = clock.instant();
        List<InstanceReport> live = reports.instances(now);
        long stored = storedVersion();
        Totals local = controller.totals();
        List<Long> versions = new ArrayList<>(live.size() + 2);
        versions.add(stored);
        versions.add(controller.snapshot().version());
        live.forEach(r -> versions.add(r.appliedVersion()));
        long clusterVersion = versions.stream().mapToLong(Long::longValue).max().orElse(0);
        List<InstanceView> views = new ArrayList<>(live.size());
        synchronized (firstKnown) {
            known(versions, now);
            for (InstanceReport r : live) {
                views.add(new InstanceView(r, r.instance().equals(name), lagging(r, clusterVersion)));
            }
        }
        return new ClusterView(name, now, clusterVersion, views, sum(live), local);
    }

    /** The version of the stored state, or 0 when none is stored or it is damaged. */
    private long storedVersion() {
        try {
            return states.load().map(StoredState::version).orElse(0L);
        } catch (DamagedStateException e) {
            return 0;
        }
    }

    /** Notes the versions not known before as first known {@code now}. */
    private void known(List<Long> versions, Instant now) {
        synchronized (firstKnown) {
            for (long v : versions) {
                firstKnown.putIfAbsent(v, now);
            }
            while (firstKnown.size() > MAX_VERSIONS) {
                firstKnown.pollFirstEntry();
            }
        }
    }

    /**
     * Whether the instance lags: it applied a version below the cluster's and published its report
     * at least one heartbeat after this instance first knew of a newer version. Under the lock of
     * {@link #firstKnown}.
     */
    private boolean lagging(InstanceReport r, long clusterVersion) {
        if (r.appliedVersion() >= clusterVersion) {
            return false;
        }
        Instant newer = firstKnown.tailMap(r.appliedVersion(), false).values().stream()
                .min(Instant::compareTo).orElse(null);
        return newer != null && !r.heartbeat().isBefore(newer.plus(heartbeat));
    }

    /** The sums of the reports' totals. */
    static Totals sum(List<InstanceReport> live) {
        int routes = 0;
        int inMaintenance = 0;
        int draining = 0;
        int circuitOpen = 0;
        long[] sums = new long[8];
        for (InstanceReport r : live) {
            Totals t = r.totals();
            routes += t.routes();
            inMaintenance += t.inMaintenance();
            draining += t.draining();
            circuitOpen += t.circuitOpen();
            long[] values = {t.maintenanceHits(), t.drainRejected(), t.circuitRejected(), t.requests(), t.passed(),
                    t.errors(), t.lifetimeMaintenanceHits(), t.lifetimeDrainRejected()};
            for (int i = 0; i < sums.length; i++) {
                sums[i] += values[i];
            }
        }
        return new Totals(routes, inMaintenance, draining, circuitOpen, sums[0], sums[1], sums[2], sums[3], sums[4],
                sums[5], sums[6], sums[7]);
    }

    /** Stops publishing and removes this instance's report (best effort). Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        try {
            reports.removeInstance(name);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the cluster report of instance {} ({}); it expires after {}", name,
                    e.toString(), Durations.format(heartbeat.multipliedBy(LIVE_HEARTBEATS)));
        }
    }
}
