package io.github.maintenance.stats;

/**
 * Sums over all routes at one point in time.
 *
 * @param routes          number of routes, the catch-all included
 * @param inMaintenance   routes in maintenance
 * @param draining        routes with a drain in force
 * @param circuitOpen     routes whose breaker is open
 * @param maintenanceHits sum of per-route maintenance hits of the current windows
 * @param drainRejected   sum of per-route drain rejections of the current drains
 * @param circuitRejected every circuit-open response since start
 * @param requests        every request matched to a route since start (detailed statistics only)
 * @param passed          every request passed to the application since start (detailed statistics only)
 * @param errors          every passed request that failed since start (tracked routes only)
 * @param lifetimeMaintenanceHits every maintenance response served since start, never reset
 *                        (removed routes included)
 * @param lifetimeDrainRejected every drain rejection since start, never reset (removed routes
 *                        included)
 */
public record Totals(int routes, int inMaintenance, int draining, int circuitOpen, long maintenanceHits,
        long drainRejected, long circuitRejected, long requests, long passed, long errors,
        long lifetimeMaintenanceHits, long lifetimeDrainRejected) {
}
