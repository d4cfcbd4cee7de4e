package io.github.maintenance.jdbc;

import io.github.maintenance.Durations;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the database answers, as the store reports it ({@link #status()}), and the change held on this
 * instance while it does not. An outage starts with {@link #lost} (logged once) and ends only with
 * {@link #resynchronised()}, after the listener has reconciled the states; {@link #answered()}
 * and {@link #problem} report a command that succeeded or data that is damaged. Saves are refused
 * during an outage ({@link #holdIfDown}); the newest refused one is held until the resync takes
 * it ({@link #takeForResync}). Also the reconnection back-off ({@link Backoff}).
 *
 * <p>Concurrency: this object's monitor guards {@code down}, {@code everConnected},
 * {@code lastProblem}, {@code held} and {@code status}; it is never held while the database is called, and
 * only the local reads of {@code latest} and {@code closed} happen under it. Holding a save and
 * ending an outage happen under it too, so a save is either taken by the resync or seen by
 * {@link #resynchronised()}, which then keeps the outage open for another round.
 */
final class ConnectionHealth {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    private final String where;
    private final String description;
    private final Clock clock;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Supplier<StoredState> latest;
    private final BooleanSupplier closed;

    // Guarded by this.
    private boolean down;
    private boolean everConnected;
    private String lastProblem;
    private StoredState held;
    private StoreStatus status;

    ConnectionHealth(JdbcSettings settings, Supplier<StoredState> latest, BooleanSupplier closed) {
        this.where = settings.where();
        this.description = settings.description();
        this.clock = settings.clock();
        this.minBackoff = settings.minBackoff();
        this.maxBackoff = settings.maxBackoff();
        this.latest = latest;
        this.closed = closed;
        this.status = new StoreStatus(description, false, "connecting", null);
    }

    synchronized StoreStatus status() {
        return status;
    }

    /** Whether an outage is in force: calls besides the state's fail at once rather than wait on the database. */
    synchronized boolean down() {
        return down;
    }

    /**
     * During an outage, holds {@code state} (to be written when the database returns) and returns the
     * refusal for the caller to throw once it has recorded the state as known; otherwise null.
     */
    synchronized StateStoreException holdIfDown(StoredState state) {
        if (!down) {
            return null;
        }
        hold(state);
        return new StateStoreException("database " + where + " unreachable since " + status.since()
                + "; the change holds on this instance and is written to the database when it returns");
    }

    /** A state saved here that the database could not take: written back by the next resync. */
    synchronized void hold(StoredState s) {
        if (held == null || s.version() > held.version()) {
            held = s;
        }
    }

    /** The database took {@code s}: a held state it supersedes need not be written back. */
    synchronized void saved(StoredState s) {
        if (held != null && held.version() <= s.version()) {
            held = null;
        }
    }

    /**
     * For a resync: this instance's newest state (the latest known, or the held one if newer; read
     * under the same lock that clears the held one) and the held state it takes over, or null.
     */
    synchronized Taken takeForResync() {
        StoredState h = held;
        held = null;
        StoredState l = latest.get();
        StoredState mine = l == null || (h != null && h.version() > l.version()) ? h : l;
        return new Taken(mine, h);
    }

    /** What {@link #takeForResync()} returns; either may be null. */
    record Taken(StoredState mine, StoredState held) {
    }

    /** The database failed: logs once per outage and shows it; saves are refused until it is resynchronised. */
    synchronized void lost(String detail) {
        if (closed.getAsBoolean()) {
            return;
        }
        if (!down) {
            down = true;
            lastProblem = detail;
            StoredState s = latest.get();
            LOG.warn("Database {} unreachable ({}); keeping the last known state{} and reconnecting with back-off",
                    where, detail, s == null ? "" : " (version " + s.version() + ")");
            status = new StoreStatus(description, false, "unreachable: " + detail, clock.instant());
        } else {
            LOG.debug("Database {} still unreachable: {}", where, detail);
        }
    }

    /** The database answers but its data is wrong: logged once per message and shown. */
    synchronized void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn("{}; keeping the last known state", message);
        }
        lastProblem = message;
        status = StoreStatus.damaged(description, message, clock.instant());
    }

    /** A command succeeded: The database answers and its state is readable (an outage is cleared by resync). */
    synchronized void answered() {
        if (!down && !status.available()) {
            lastProblem = null;
            status = new StoreStatus(description, true, "connected", clock.instant());
        }
    }

    /**
     * The resync wrote or delivered this instance's state: ends the outage, unless a save was held
     * since {@link #takeForResync()} (then false, and the caller resynchronises again).
     */
    synchronized boolean resynchronised() {
        if (held != null && !closed.getAsBoolean()) {
            return false;
        }
        connected(null);
        return true;
    }

    /** The database answers but its state is damaged ({@code problem}); the next save replaces it. */
    synchronized void connectedWithDamagedState(String problem) {
        connected(problem);
    }

    private void connected(String problem) {
        if (closed.getAsBoolean()) {
            return;
        }
        StoredState s = latest.get();
        String version = s == null ? "none" : Long.toString(s.version());
        if (down) {
            Instant since = status.since();
            LOG.info("Database {} reachable again{}; state resynchronised (version {})", where,
                    since == null ? "" : " after " + Durations.format(Duration.between(since, clock.instant())),
                    version);
        } else if (!everConnected) {
            LOG.info("Connected to {} (state version {})", description, version);
        }
        down = false;
        everConnected = true;
        if (problem != null) {
            status = StoreStatus.damaged(description, problem, status.since());
        } else if (!status.available()) {
            lastProblem = null;
            status = new StoreStatus(description, true, "connected", clock.instant());
        }
    }

    /** A fresh back-off, for the listener thread. */
    Backoff backoff() {
        return new Backoff(minBackoff.toMillis(), maxBackoff.toMillis());
    }

    /**
     * Exponential back-off with jitter between reconnection attempts: each delay is drawn from the
     * upper half of the current step, which doubles up to the maximum. Confined to one thread.
     */
    static final class Backoff {
        private final long min;
        private final long max;
        private long step;

        Backoff(long min, long max) {
            this.min = min;
            this.max = max;
            this.step = min;
        }

        /** Back to the shortest delay (the last connection got as far as listening). */
        void reset() {
            step = min;
        }

        /** The next delay in milliseconds; the one after will be twice as long, up to the maximum. */
        long nextDelay() {
            long delay = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
            step = Math.min(max, step * 2);
            return delay;
        }
    }
}
