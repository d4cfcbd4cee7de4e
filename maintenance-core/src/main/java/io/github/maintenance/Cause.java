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
 * @param reason why, in the operator's words (the {@code reason} field every control plane
 *               accepts); never {@code null}, may be empty; at most {@value #MAX_REASON_LENGTH}
 *               characters, no control characters
 */
public record Cause(Source source, String actor, String reason) {

    /** The longest {@link #reason()} accepted, in characters. */
    public static final int MAX_REASON_LENGTH = 500;

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
        JMX,
        /** The Spring Boot Actuator endpoint. */
        ACTUATOR,
        /** The command-line tool. */
        CLI
    }

    private static final Cause API_CAUSE = new Cause(Source.API, "");
    private static final Cause TIMER_CAUSE = new Cause(Source.TIMER, "");

    /**
     * Checks the source and the reason; a {@code null} actor becomes {@code ""}, a {@code null} or
     * blank reason becomes {@code ""} and another reason is trimmed.
     * @param source the control plane or mechanism that made the change; not null
     * @param actor who acted within that source, or {@code null} or {@code ""} when unknown
     * @param reason why, or {@code null} or {@code ""} when not given
     * @throws NullPointerException if {@code source} is {@code null}
     * @throws MaintenanceException if the reason is longer than {@value #MAX_REASON_LENGTH}
     *                              characters or holds a control character
     */
    public Cause {
        Objects.requireNonNull(source, "source");
        actor = actor == null ? "" : actor;
        reason = checkReason(reason);
    }

    /**
     * A cause without a reason.
     * @param source the control plane or mechanism that made the change; not null
     * @param actor who acted within that source, or {@code null} or {@code ""} when unknown
     * @throws NullPointerException if {@code source} is {@code null}
     */
    public Cause(Source source, String actor) {
        this(source, actor, "");
    }

    /**
     * {@return this cause with another reason}
     *
     * @param value why, or {@code null} or blank for none
     * @throws MaintenanceException if the reason is longer than {@value #MAX_REASON_LENGTH}
     *                              characters or holds a control character
     */
    public Cause withReason(String value) {
        String r = checkReason(value);
        return r.equals(reason) ? this : new Cause(source, actor, r);
    }

    /**
     * Checks a reason as {@link Cause} accepts it.
     *
     * @param value the reason, or {@code null}
     * @return {@code ""} for {@code null} or blank, else the reason trimmed
     * @throws MaintenanceException if the reason is longer than {@value #MAX_REASON_LENGTH}
     *                              characters or holds a control character
     */
    public static String checkReason(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String r = value.strip();
        if (r.length() > MAX_REASON_LENGTH) {
            throw MaintenanceErrors.invalidField("field 'reason' must be at most " + MAX_REASON_LENGTH
                    + " characters, got " + r.length());
        }
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                throw MaintenanceErrors.invalidField("field 'reason' must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at position " + i + ")");
            }
        }
        return r;
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
