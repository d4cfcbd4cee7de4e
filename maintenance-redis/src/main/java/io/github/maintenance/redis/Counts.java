package io.github.maintenance.redis;

import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.Totals;

/**
 * The counters of one route, or of all routes, on one instance or summed over a cluster. Their
 * meaning is that of {@link RouteStatus}: {@code maintenanceHits} counts the current maintenance
 * window and {@code drainRejected} the current drain; the others count since the instance started.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maintenanceHits maintenance responses served
 * @param drainRejected   drain rejections
 * @param circuitRejected responses served because a circuit breaker was open
 * @param requests        requests matched (detailed statistics only)
 * @param passed          requests passed to the application (detailed statistics only)
 * @param errors          passed requests that failed (tracked routes only)
 */
public record Counts(long maintenanceHits, long drainRejected, long circuitRejected, long requests, long passed,
        long errors) {

    /** All zero. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

    /**
     * The counters of one route's status.
     *
     * @param s a route's status
     * @return its counters
     */
    public static Counts of(RouteStatus s) {
        return new Counts(s.maintenanceHits(), s.drainRejected(), s.circuitRejected(), s.requests(), s.passed(),
                s.errors());
    }

    /**
     * The counters of an instance's totals.
     *
     * @param t an instance's totals
     * @return its counters
     */
    public static Counts of(Totals t) {
        return new Counts(t.maintenanceHits(), t.drainRejected(), t.circuitRejected(), t.requests(), t.passed(),
                t.errors());
    }

    /**
     * The field-by-field sum.
     *
     * @param o the counters to add
     * @return the sum of these counters and {@code o}
     */
    public Counts plus(Counts o) {
        return new Counts(maintenanceHits + o.maintenanceHits, drainRejected + o.drainRejected,
                circuitRejected + o.circuitRejected, requests + o.requests, passed + o.passed, errors + o.errors);
    }
}
