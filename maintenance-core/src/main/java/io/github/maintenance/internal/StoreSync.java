package io.github.maintenance.internal;

import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Saves control states to the state store. A save that finds a newer version saved elsewhere
 * moves past it and tries again (this change is the latest, so it wins); a store that fails is
 * logged and the change holds on this instance only.
 *
 * <p>Called by the controller under its lock.
 */
public final class StoreSync {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.maintenance.MaintenanceController");
    /** Saves retried with a newer version when other instances keep saving first. */
    private static final int MAX_SAVE_ATTEMPTS = 10;

    /**
     * The outcome of a save.
     *
     * @param state the state as saved (its version may have moved on)
     * @param saved whether the store has it
     */
    public record Saved(ControlState state, boolean saved) {
    }

    private final StateStore store;
    private final Clock clock;

    public StoreSync(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Saves {@code state}. */
    public Saved save(ControlState state) {
        ControlState s = state;
        for (int attempt = 1; ; attempt++) {
            try {
                store.save(s.toStored(clock.instant()));
                return new Saved(s, true);
            } catch (StaleStateException e) {
                s = s.withVersion(Math.max(s.version(), e.current()) + 1);
                if (attempt == MAX_SAVE_ATTEMPTS) {
                    LOG.warn("Could not save the maintenance state: {} newer versions were saved elsewhere meanwhile; it "
                            + "holds on this instance only", attempt);
                    return new Saved(s, false);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not save the maintenance state ({}); it holds on this instance only", e.toString());
                return new Saved(s, false);
            }
        }
    }
}
