package io.github.maintenance;

import java.util.Objects;

/**
 * Who or what caused a change of state: recorded in logs, events and the maintenance history.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param source the control plane or mechanism that made the change
 * @param actor  who acted within that source (a registry session id, a user name, a file path);
 *               never {@code null}, may be empty
 */
public record Cause(Source source, String actor) {

    /** The control planes and mechanisms that can change state. */
    public enum Source {
        /** The Java API, called by the application itself. */
        API,
        /** A session of the TCP registry. */
        REGISTRY,
        /** The dashboard page or its JSON API. */
        DASHBOARD,
        /** The flag file appearing or disappearing. */
        FLAG_FILE,
        /** A scheduled maintenance window. */
        SCHEDULE,
        /** Another instance of the cluster, through a shared state store. */
        PEER,
        /** The state store, at start-up. */
        STORE,
        /** A time-based transition: {@code until} reached, drain period over. */
        TIMER,
        /** The circuit breaker of a route. */
        CIRCUIT_BREAKER,
        /** The configuration read at start-up. */
        CONFIG,
        /** An operation of the JMX MBean ({@code io.github.maintenance.jmx}). */
        JMX
    }

    private static final Cause API_CAUSE = new Cause(Source.API, "");
    private static final Cause TIMER_CAUSE = new Cause(Source.TIMER, "");

    /**
     * Checks the source; a {@code null} actor becomes {@code ""}.
     * @param source the control plane or mechanism that made the change; not null
     * @param actor who acted within that source, or {@code null} or {@code ""} when unknown
     * @throws NullPointerException if {@code source} is {@code null}
     */
    public Cause {
        Objects.requireNonNull(source, "source");
        actor = actor == null ? "" : actor;
    }

    /** {@return a change made through the Java API with no further detail} */
    public static Cause api() {
        return API_CAUSE;
    }

    /**
     * {@return a change made through the Java API by a named actor (a job, a user)}
     *
     * @param actor who acted, or {@code null} for no detail
     */
    public static Cause api(String actor) {
        return new Cause(Source.API, actor);
    }

    /** {@return a time-based transition} */
    public static Cause timer() {
        return TIMER_CAUSE;
    }

    /**
     * {@return a cause of the given source and actor}
     *
     * @param source the control plane or mechanism that made the change; not null
     * @param actor who acted within that source, or {@code null}
     */
    public static Cause of(Source source, String actor) {
        return new Cause(source, actor);
    }

    @Override
    public String toString() {
        return actor.isEmpty() ? source.name() : source.name() + " (" + actor + ")";
    }
}
