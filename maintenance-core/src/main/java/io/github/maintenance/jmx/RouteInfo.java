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
    private final String mode;
    private final String options;
    private final long readOnlyRejected;
    private final long held;
    private final long holdReleased;
    private final long holdTimedOut;

    /**
     * Creates a route view of a route in full maintenance or not in maintenance, with no window
     * options and the read-only/hold counters at 0.
     *
     * @param id                    the route id ({@code *} for the catch-all)
     * @param phase                 {@code SERVING}, {@code MAINTENANCE} or {@code DRAINING}
     * @param message               the maintenance message, or empty for the default page text
     * @param until                 when maintenance ends by itself (ISO-8601), or empty
     * @param drainRemainingSeconds seconds left of the drain period, 0 when not draining
     * @param maintenanceHits       maintenance responses of the current maintenance window
     * @param drainRejected         rejections of the current drain
     */
    public RouteInfo(String id, String phase, String message, String until, long drainRemainingSeconds,
            long maintenanceHits, long drainRejected) {
        this(id, phase, message, until, drainRemainingSeconds, maintenanceHits, drainRejected, null, null, 0, 0, 0, 0);
    }

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
     * @param mode                  the maintenance mode ({@code full}, {@code read-only}, {@code hold}),
     *                              or empty when not in maintenance
     * @param options               the window's options as text ({@code mode=read-only, status=429,
     *                              secret=set}; never the secret), or empty when none is set
     * @param readOnlyRejected      unsafe requests refused by read-only maintenance since the route was created
     * @param held                  requests parked by a hold right now
     * @param holdReleased          held requests released to the application since the route was created
     * @param holdTimedOut          held requests whose hold time ran out since the route was created
     */
    @ConstructorParameters({"id", "phase", "message", "until", "drainRemainingSeconds", "maintenanceHits",
            "drainRejected", "mode", "options", "readOnlyRejected", "held", "holdReleased", "holdTimedOut"})
    public RouteInfo(String id, String phase, String message, String until, long drainRemainingSeconds,
            long maintenanceHits, long drainRejected, String mode, String options, long readOnlyRejected, long held,
            long holdReleased, long holdTimedOut) {
        this.id = id;
        this.phase = phase;
        this.message = message == null ? "" : message;
        this.until = until == null ? "" : until;
        this.drainRemainingSeconds = drainRemainingSeconds;
        this.maintenanceHits = maintenanceHits;
        this.drainRejected = drainRejected;
        this.mode = mode == null ? "" : mode;
        this.options = options == null ? "" : options;
        this.readOnlyRejected = readOnlyRejected;
        this.held = held;
        this.holdReleased = holdReleased;
        this.holdTimedOut = holdTimedOut;
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

    /**
     * The maintenance mode: {@code full}, {@code read-only} or {@code hold}.
     *
     * @return the mode's wire name, or empty when the route is not in maintenance
     */
    public String getMode() {
        return mode;
    }

    /**
     * The window's options as text, the bypass secret only as {@code secret=set}.
     *
     * @return e.g. {@code mode=read-only, status=429, refresh=30s}, or empty when none is set
     */
    public String getOptions() {
        return options;
    }

    /**
     * Unsafe requests refused by read-only maintenance.
     *
     * @return the count since the route was created
     */
    public long getReadOnlyRejected() {
        return readOnlyRejected;
    }

    /**
     * Requests parked by a hold right now.
     *
     * @return the number of requests waiting
     */
    public long getHeld() {
        return held;
    }

    /**
     * Held requests released to the application.
     *
     * @return the count since the route was created
     */
    public long getHoldReleased() {
        return holdReleased;
    }

    /**
     * Held requests whose hold time ran out (they got the maintenance response).
     *
     * @return the count since the route was created
     */
    public long getHoldTimedOut() {
        return holdTimedOut;
    }

    @Override
    public String toString() {
        return id + " " + phase + (mode.isEmpty() || mode.equals("full") ? "" : " " + mode);
    }
}
