package io.github.maintenance.state;

/**
 * The control state of one route: maintenance and drain, each present or not.
 *
 * <p>Both can be present at once: a drain started while a route is in maintenance (or
 * maintenance entered on a draining route) keeps the drain underneath, so that leaving
 * maintenance during an instance drain returns the route to draining, not to serving. The
 * effective behaviour is given by {@link #phase()}: maintenance over draining over serving.
 *
 * <p>Transitions are listed in {@link StateTransition}. Instances are immutable.
 *
 * @param maintenance the maintenance in force, or {@code null}
 * @param drain       the drain in force, or {@code null}
 */
public record RouteState(MaintenanceState maintenance, DrainState drain) {

    /** A route with neither maintenance nor drain. */
    public static final RouteState SERVING = new RouteState(null, null);

    /** {@return the effective phase, by precedence} */
    public Phase phase() {
        if (maintenance != null) {
            return Phase.MAINTENANCE;
        }
        return drain != null ? Phase.DRAINING : Phase.SERVING;
    }

    /** {@return whether maintenance is in force} */
    public boolean inMaintenance() {
        return maintenance != null;
    }

    /** {@return whether a drain is in force (possibly hidden by maintenance)} */
    public boolean draining() {
        return drain != null;
    }

    /**
     * This state with maintenance set (entered or replaced).
     *
     * @param m the maintenance to set
     * @return the resulting state; this one is unchanged
     */
    public RouteState withMaintenance(MaintenanceState m) {
        return new RouteState(m, drain);
    }

    /**
     * This state without maintenance.
     *
     * @return the resulting state; this one is unchanged
     */
    public RouteState withoutMaintenance() {
        return drain == null ? SERVING : new RouteState(null, drain);
    }

    /**
     * This state with a drain set (started or restarted).
     *
     * @param d the drain to set
     * @return the resulting state; this one is unchanged
     */
    public RouteState withDrain(DrainState d) {
        return new RouteState(maintenance, d);
    }

    /**
     * This state without a drain.
     *
     * @return the resulting state; this one is unchanged
     */
    public RouteState withoutDrain() {
        return maintenance == null ? SERVING : new RouteState(maintenance, null);
    }
}
