package io.github.maintenance;

/**
 * Thrown when a control-plane request is refused: an unknown route, an invalid target, URL,
 * duration, time or configuration value, a limit reached. A refused request changes nothing.
 *
 * <p>The message is meant for the operator: it names the offending value and the rule it broke.
 * The {@link #kind()} is meant for code: each control plane maps it to its own answer (a
 * registry reply line, an HTTP status, a CLI exit code) without reading the message.
 */
public class MaintenanceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal this is. */
    public enum Kind {
        /** A route id that names no route. */
        UNKNOWN_ROUTE,
        /** A schedule id that names no scheduled window. */
        UNKNOWN_SCHEDULE,
        /** A route id that is already taken by another owner. */
        DUPLICATE_ROUTE,
        /** A malformed target. */
        INVALID_TARGET,
        /** A malformed route (id, domain, path, priority). */
        INVALID_ROUTE,
        /** A page or notification URL the URL policy refuses. */
        INVALID_URL,
        /** A duration that cannot be parsed or is out of range. */
        INVALID_DURATION,
        /** A time that cannot be parsed, is out of range (years 1970 to 9999) or in the wrong order. */
        INVALID_TIME,
        /** Any other value that breaks its rule: a message too long, an unknown field, a bad number. */
        INVALID_VALUE,
        /** A change that conflicts with the current state (e.g. no breaker to reset). */
        CONFLICT,
        /** A bound reached (e.g. too many scheduled windows). */
        LIMIT_EXCEEDED,
        /** The shared state store is unavailable and the change was refused because of it. */
        STORE_UNAVAILABLE,
        /** A configuration or resource (template, texts) that cannot be used. */
        CONFIGURATION
    }

    /** What kind of refusal this is. */
    private final Kind kind;

    /**
     * Creates an exception of the given kind with an operator-facing message.
     *
     * @param kind what kind of refusal this is
     * @param message the operator-facing message
     */
    public MaintenanceException(Kind kind, String message) {
        super(message);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception of the given kind with an operator-facing message and the underlying cause.
     *
     * @param kind what kind of refusal this is
     * @param message the operator-facing message
     * @param cause the underlying failure
     */
    public MaintenanceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an {@link Kind#INVALID_VALUE} exception with an operator-facing message.
     *
     * @param message the operator-facing message
     */
    public MaintenanceException(String message) {
        this(Kind.INVALID_VALUE, message);
    }

    /**
     * Creates an {@link Kind#INVALID_VALUE} exception with an operator-facing message and the underlying cause.
     *
     * @param message the operator-facing message
     * @param cause the underlying failure
     */
    public MaintenanceException(String message, Throwable cause) {
        this(Kind.INVALID_VALUE, message, cause);
    }

    /** {@return what kind of refusal this is} */
    public Kind kind() {
        return kind;
    }

    /**
     * {@return the same refusal with {@code prefix} in front of the message (e.g. the field it came from)}
     *
     * @param prefix the text to put in front, such as {@code "field 'until': "}
     */
    public MaintenanceException prefixed(String prefix) {
        return new MaintenanceException(kind, prefix + getMessage(), this);
    }
}
