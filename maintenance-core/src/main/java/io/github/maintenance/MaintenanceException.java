package io.github.maintenance;

/**
 * Thrown when a control-plane request is refused: an unknown route, an invalid target, URL,
 * duration or configuration value. A refused request changes nothing.
 *
 * <p>The message is meant for the operator: it names the offending value and the rule it broke.
 */
public class MaintenanceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with an operator-facing message. */
    public MaintenanceException(String message) {
        super(message);
    }

    /** Creates an exception with an operator-facing message and the underlying cause. */
    public MaintenanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
