package io.github.maintenance.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counters of one route. They live as long as the route (across snapshots).
 *
 * <p>Maintenance hits and drain rejections are monotonic lifetime counters; the values shown per
 * maintenance window or per drain subtract a base taken when maintenance is entered or a drain
 * starts, so that "resetting" never loses an increment racing with it.
 */
public final class RouteCounters {

    public final LongAdder maintenanceHits = new LongAdder();
    public final LongAdder drainRejected = new LongAdder();
    public final LongAdder circuitRejected = new LongAdder();
    public final LongAdder requests = new LongAdder();
    public final LongAdder passed = new LongAdder();
    public final LongAdder errors = new LongAdder();
    /** Traffic statistics, present only while detailed statistics are on; else {@code null}. */
    public final TrafficRecorder traffic;
    private volatile long maintenanceBase;
    private volatile long drainBase;

    /** Counters without traffic statistics. */
    public RouteCounters() {
        this(false);
    }

    /** Counters with traffic statistics when {@code detailed}. */
    public RouteCounters(boolean detailed) {
        this.traffic = detailed ? new TrafficRecorder() : null;
    }

    /** Starts a new maintenance window: hits since now. */
    public void resetMaintenanceHits() {
        maintenanceBase = maintenanceHits.sum();
    }

    /** Starts a new drain: rejections since now. */
    public void resetDrainRejected() {
        drainBase = drainRejected.sum();
    }

    /** Maintenance hits since the last entry. */
    public long currentMaintenanceHits() {
        return Math.max(0, maintenanceHits.sum() - maintenanceBase);
    }

    /** Drain rejections since the last drain start. */
    public long currentDrainRejected() {
        return Math.max(0, drainRejected.sum() - drainBase);
    }
}
