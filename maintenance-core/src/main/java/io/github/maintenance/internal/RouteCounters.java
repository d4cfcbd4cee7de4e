package io.github.maintenance.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counters of one route. They live as long as the route (across snapshots).
 *
 * <p>Maintenance hits and drain rejections are monotonic lifetime counters. Drain rejections
 * shown per drain subtract a base taken when the drain starts, so that "resetting" never loses an
 * increment racing with it. Maintenance hits are also counted per window: each window has its own
 * counter, which the maintenance decisions of that window carry; a request blocked by a window is
 * counted in it even when its response is written after the window closed (the history reads that
 * counter whenever it is asked), never in the next window.
 */
public final class RouteCounters {

    public final LongAdder maintenanceHits = new LongAdder();
    public final LongAdder drainRejected = new LongAdder();
    public final LongAdder circuitRejected = new LongAdder();
    public final LongAdder requests = new LongAdder();
    public final LongAdder passed = new LongAdder();
    public final LongAdder errors = new LongAdder();
    /** Unsafe requests answered with the maintenance response by a read-only maintenance. */
    public final LongAdder readOnlyRejected = new LongAdder();
    /** Requests parked by a hold right now (incremented when parked, decremented when let go). */
    public final LongAdder heldNow = new LongAdder();
    /** Held requests released to the application when the hold ended. */
    public final LongAdder holdReleased = new LongAdder();
    /** Held requests answered with the maintenance response when their hold time ran out (or the bound was reached). */
    public final LongAdder holdTimedOut = new LongAdder();
    /** Requests in the application right now, when in-flight tracking is on. */
    public final LongAdder inFlight = new LongAdder();
    /** Traffic statistics, present only while detailed statistics are on; else {@code null}. */
    public final TrafficRecorder traffic;
    private volatile LongAdder windowHits = new LongAdder();
    private volatile long drainBase;

    /** Counters without traffic statistics. */
    public RouteCounters() {
        this(false);
    }

    /** Counters with traffic statistics when {@code detailed}. */
    public RouteCounters(boolean detailed) {
        this.traffic = detailed ? new TrafficRecorder() : null;
    }

    /** Starts a new maintenance window with a counter of its own. */
    public void resetMaintenanceHits() {
        windowHits = new LongAdder();
    }

    /** The hit counter of the current (or last) maintenance window, which its decisions carry. */
    public LongAdder windowHits() {
        return windowHits;
    }

    /** Starts a new drain: rejections since now. */
    public void resetDrainRejected() {
        drainBase = drainRejected.sum();
    }

    /** Maintenance hits of the current (or last) window. */
    public long currentMaintenanceHits() {
        return windowHits.sum();
    }

    /** Drain rejections since the last drain start. */
    public long currentDrainRejected() {
        return Math.max(0, drainRejected.sum() - drainBase);
    }
}
