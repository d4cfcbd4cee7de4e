package io.github.maintenance.change;

import io.github.maintenance.schedule.ScheduledWindow;

import java.util.List;
import java.util.Objects;

/**
 * What a batch of changes did, change by change, once it took effect.
 *
 * @param version     the state version after the batch (unchanged when it changed nothing)
 * @param applied     one entry per change, in the batch's order
 * @param storeSaved  whether the new state reached the state store; {@code false} when the
 *                    store was unavailable and the change holds on this instance only (it is
 *                    also {@code true} when nothing needed saving)
 */
public record ChangeResult(long version, List<Applied> applied, boolean storeSaved) {

    /**
     * Copies the list of entries.
     * @param version the state version after the batch
     * @param applied one entry per change, in the batch's order
     * @param storeSaved whether the new state reached the state store
     */
    public ChangeResult {
        applied = List.copyOf(applied);
    }

    /**
     * What one change did.
     *
     * @param change   the change
     * @param routeIds the routes it affected, in table order (for exit and cancel only those
     *                 whose state changed)
     * @param window   for schedule: the window created (as the controller now has it, started
     *                 if its start had come); for unschedule: the window as it was; else {@code null}
     */
    public record Applied(Change change, List<String> routeIds, ScheduledWindow window) {
        /**
         * Checks the change and copies the route ids.
         * @param change the change; not null
         * @param routeIds the routes it affected, in table order
         * @param window the window created or cancelled, else {@code null}
         */
        public Applied {
            Objects.requireNonNull(change, "change");
            routeIds = List.copyOf(routeIds);
        }
    }

    /** {@return the first (for a single change: the only) entry} */
    public Applied first() {
        return applied.get(0);
    }

    /** {@return the route ids of the first change} */
    public List<String> routeIds() {
        return applied.isEmpty() ? List.of() : applied.get(0).routeIds();
    }
}
