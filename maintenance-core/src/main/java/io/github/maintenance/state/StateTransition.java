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
    ENTER_FROM_SERVING(Event.ENTER, Phase.SERVING, Phase.MAINTENANCE),
    ENTER_AGAIN(Event.ENTER, Phase.MAINTENANCE, Phase.MAINTENANCE),
    ENTER_WHILE_DRAINING(Event.ENTER, Phase.DRAINING, Phase.MAINTENANCE),

    EXIT_TO_SERVING(Event.EXIT, Phase.MAINTENANCE, Phase.SERVING),
    EXIT_TO_DRAINING(Event.EXIT, Phase.MAINTENANCE, Phase.DRAINING),
    EXIT_WHILE_SERVING(Event.EXIT, Phase.SERVING, Phase.SERVING),
    EXIT_WHILE_DRAINING(Event.EXIT, Phase.DRAINING, Phase.DRAINING),

    DRAIN_FROM_SERVING(Event.START_DRAIN, Phase.SERVING, Phase.DRAINING),
    DRAIN_RESTART(Event.START_DRAIN, Phase.DRAINING, Phase.DRAINING),
    DRAIN_UNDER_MAINTENANCE(Event.START_DRAIN, Phase.MAINTENANCE, Phase.MAINTENANCE),

    CANCEL_TO_SERVING(Event.CANCEL_DRAIN, Phase.DRAINING, Phase.SERVING),
    CANCEL_UNDER_MAINTENANCE(Event.CANCEL_DRAIN, Phase.MAINTENANCE, Phase.MAINTENANCE),
    CANCEL_WHILE_SERVING(Event.CANCEL_DRAIN, Phase.SERVING, Phase.SERVING),

    EXPIRE_TO_SERVING(Event.EXPIRE, Phase.MAINTENANCE, Phase.SERVING),
    EXPIRE_TO_DRAINING(Event.EXPIRE, Phase.MAINTENANCE, Phase.DRAINING),

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

    public Event event() {
        return event;
    }

    public Phase from() {
        return from;
    }

    public Phase to() {
        return to;
    }

    /** Whether the effective phase changes. */
    public boolean changesPhase() {
        return from != to;
    }

    /**
     * The transition for {@code event} taking a route from {@code from} to {@code to}.
     *
     * @throws IllegalStateTransitionException when the table has no such entry
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
     */
    public static StateTransition check(Event event, RouteState current, RouteState next) {
        return of(event, current.phase(), next.phase());
    }
}
