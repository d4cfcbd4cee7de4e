package io.github.maintenance.event;

/**
 * Receives {@link MaintenanceEvent}s. Listeners run on the controller's event executor (a
 * dedicated daemon thread by default), in the order the changes happened, never on a request
 * thread. A listener that throws is logged and does not affect the others or the change.
 */
@FunctionalInterface
public interface MaintenanceListener {

    /** A listener that does nothing. */
    MaintenanceListener NOOP = event -> { };

    /**
     * Called once per change.
     *
     * @param event the change that took effect
     */
    void onEvent(MaintenanceEvent event);
}
