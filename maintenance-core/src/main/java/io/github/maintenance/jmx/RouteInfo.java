package io.github.maintenance.jmx;

import javax.management.ConstructorParameters;

/**
 * One route as the {@link MaintenanceMXBean} shows it: a JMX client sees it as a
 * {@code CompositeData} with the items below. Texts are empty, never {@code null}, when there is
 * nothing to show.
 *
 * <p>Immutable and thread-safe.
 */
public final class RouteInfo {

    private final String id;
    private final String phase;
    private final String message;
    private final String until;
    private final long drainRemainingSeconds;
    private final long maintenanceHits;
    private final long drainRejected;

    /**
     * Creates a route view.
     *
     * @param id                    the route id ({@code *} for the catch-all)
     * @param phase                 {@code SERVING}, {@code MAINTENANCE} or {@code DRAINING}
     * @param message               the maintenance message, or empty for the default page text
     * @param until                 when maintenance ends by itself (ISO-8601), or empty
     * @param drainRemainingSeconds seconds left of the drain period, 0 when not draining
     * @param maintenanceHits       maintenance responses of the current maintenance window
     * @param drainRejected         rejections of the current drain
     */
    @ConstructorParameters({"id", "phase", "message", "until", "drainRemainingSeconds", "maintenanceHits",
            "drainRejected"})
    public RouteInfo(String id, String phase, String message, String until, long drainRemainingSeconds,
            long maintenanceHits, long drainRejected) {
        this.id = id;
        this.phase = phase;
        this.message = message == null ? "" : message;
        this.until = until == null ? "" : until;
        this.drainRemainingSeconds = drainRemainingSeconds;
        this.maintenanceHits = maintenanceHits;
        this.drainRejected = drainRejected;
    }

    /** {@return the route id ({@code *} for the catch-all)} */
    public String getId() {
        return id;
    }

    /**
     * {@code SERVING}, {@code MAINTENANCE} or {@code DRAINING}.
     *
     * @return the route's effective phase
     */
    public String getPhase() {
        return phase;
    }

    /** {@return the maintenance message, or empty for the default page text} */
    public String getMessage() {
        return message;
    }

    /**
     * When maintenance ends by itself (ISO-8601), or empty.
     *
     * @return the end as an ISO-8601 instant, or an empty string
     */
    public String getUntil() {
        return until;
    }

    /**
     * Seconds left of the drain period, 0 when not draining.
     *
     * @return whole seconds left, or 0
     */
    public long getDrainRemainingSeconds() {
        return drainRemainingSeconds;
    }

    /**
     * Maintenance responses of the current maintenance window.
     *
     * @return the count, 0 when the route is not in maintenance
     */
    public long getMaintenanceHits() {
        return maintenanceHits;
    }

    /**
     * Rejections of the current drain.
     *
     * @return the count, 0 when the route is not draining
     */
    public long getDrainRejected() {
        return drainRejected;
    }

    @Override
    public String toString() {
        return id + " " + phase;
    }
}
