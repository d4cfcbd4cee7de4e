package io.github.maintenance.state;

/** Thrown when an event is applied in a phase where {@link StateTransition} has no entry for it. */
public final class IllegalStateTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The phase the route was in. */
    private final Phase from;
    /** The event that has no entry for that phase. */
    private final StateTransition.Event event;

    IllegalStateTransitionException(Phase from, StateTransition.Event event) {
        super("illegal state transition: " + event + " in phase " + from);
        this.from = from;
        this.event = event;
    }

    /** {@return the phase the route was in} */
    public Phase from() {
        return from;
    }

    /** {@return the event that has no transition from that phase} */
    public StateTransition.Event event() {
        return event;
    }
}
