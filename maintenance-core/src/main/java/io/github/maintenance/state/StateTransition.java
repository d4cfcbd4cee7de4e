package io.github.maintenance.state;

/**
 * Every legal change of a route's {@link Phase}, written down as data. Anything not listed here
 * is a bug and raises {@link IllegalStateTransitionException}.
 *
 * <p>Transitions whose {@code from} equals {@code to} change details (a new page URL, a restarted
 * drain, a drain recorded under maintenance) or nothing at all (exiting a route that is not in
 * maintenance is harmless, so that {@code ALL} can be exited whatever each route is doing).
 */
public enum StateTransition {
    /** Serving route enters maintenance. */
    ENTER_FROM_SERVING(Event.ENTER, Phase.SERVING, Phase.MAINTENANCE),
    /** Route in maintenance enters again (page, message or end replaced). */
    ENTER_AGAIN(Event.ENTER, Phase.MAINTENANCE, Phase.MAINTENANCE),
    /** Draining route enters maintenance; the drain is kept underneath. */
    ENTER_WHILE_DRAINING(Event.ENTER, Phase.DRAINING, Phase.MAINTENANCE),

    /** Route leaves maintenance and serves. */
    EXIT_TO_SERVING(Event.EXIT, Phase.MAINTENANCE, Phase.SERVING),
    /** Route leaves maintenance into a drain recorded while it was in maintenance. */
    EXIT_TO_DRAINING(Event.EXIT, Phase.MAINTENANCE, Phase.DRAINING),
    /** Exit of a serving route: nothing changes. */
    EXIT_WHILE_SERVING(Event.EXIT, Phase.SERVING, Phase.SERVING),
    /** Exit of a draining route: it keeps draining. */
    EXIT_WHILE_DRAINING(Event.EXIT, Phase.DRAINING, Phase.DRAINING),

    /** Serving route starts draining. */
    DRAIN_FROM_SERVING(Event.START_DRAIN, Phase.SERVING, Phase.DRAINING),
    /** Draining route restarts its drain. */
    DRAIN_RESTART(Event.START_DRAIN, Phase.DRAINING, Phase.DRAINING),
    /** Drain started on a route in maintenance: recorded, applied when maintenance ends. */
    DRAIN_UNDER_MAINTENANCE(Event.START_DRAIN, Phase.MAINTENANCE, Phase.MAINTENANCE),

    /** Draining route's drain is cancelled; it serves. */
    CANCEL_TO_SERVING(Event.CANCEL_DRAIN, Phase.DRAINING, Phase.SERVING),
    /** Drain recorded under maintenance is cancelled; the route stays in maintenance. */
    CANCEL_UNDER_MAINTENANCE(Event.CANCEL_DRAIN, Phase.MAINTENANCE, Phase.MAINTENANCE),
    /** Cancel on a serving route: nothing changes. */
    CANCEL_WHILE_SERVING(Event.CANCEL_DRAIN, Phase.SERVING, Phase.SERVING),

    /** Maintenance reaches its {@code until}; the route serves. */
    EXPIRE_TO_SERVING(Event.EXPIRE, Phase.MAINTENANCE, Phase.SERVING),
    /** Maintenance reaches its {@code until}; the route goes on to the drain recorded under it. */
    EXPIRE_TO_DRAINING(Event.EXPIRE, Phase.MAINTENANCE, Phase.DRAINING),

    /** The drain period ends and the route enters maintenance. */
    DRAIN_COMPLETE(Event.DRAIN_OVER, Phase.DRAINING, Phase.MAINTENANCE);

    /** What is asked of a route. */
    public enum Event {
        /** Enter (or re-enter) maintenance. */
        ENTER,
        /** Leave maintenance. */
        EXIT,
        /** Start (or restart) a drain. */
        START_DRAIN,
        /** Cancel a drain. */
        CANCEL_DRAIN,
        /** Maintenance reached its {@code until}. */
        EXPIRE,
        /** The drain period ended and the route is configured to enter maintenance then. */
        DRAIN_OVER
    }

    private final Event event;
    private final Phase from;
    private final Phase to;

    StateTransition(Event event, Phase from, Phase to) {
        this.event = event;
        this.from = from;
        this.to = to;
    }

    /** {@return what is asked of the route} */
    public Event event() {
        return event;
    }

    /** {@return the phase before} */
    public Phase from() {
        return from;
    }

    /** {@return the phase after} */
    public Phase to() {
        return to;
    }

    /** {@return whether the effective phase changes} */
    public boolean changesPhase() {
        return from != to;
    }

    /**
     * The transition for {@code event} taking a route from {@code from} to {@code to}.
     *
     * @throws IllegalStateTransitionException when the table has no such entry
     * @param event what is asked
     * @param from the phase before
     * @param to the phase after
     * @return the matching entry
     */
    public static StateTransition of(Event event, Phase from, Phase to) {
        for (StateTransition t : values()) {
            if (t.event == event && t.from == from && t.to == to) {
                return t;
            }
        }
        throw new IllegalStateTransitionException(from, event);
    }

    /**
     * Applies {@code event} to {@code current}, producing the next state, and checks the step
     * against the table.
     *
     * @param next the state the caller computed for the event
     * @throws IllegalStateTransitionException when the step is not legal
     * @param event what is asked
     * @param current the state before
     * @return the matching entry
     */
    public static StateTransition check(Event event, RouteState current, RouteState next) {
        return of(event, current.phase(), next.phase());
    }
}
