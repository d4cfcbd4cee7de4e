package io.github.maintenance.jdbc;

import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listener and what hangs on it: the listener thread ({@code maintenance-jdbc-listener}, a
 * daemon) holds one connection of its own, waits on it for changes through a {@link ChangeFeed}
 * (PostgreSQL notifications, or polling elsewhere), and reconnects with back-off when it fails; on
 * the worker, the delivery of the states it learns of and the resynchronisation after every
 * (re)connection.
 *
 * <p>A notice of a version not yet delivered is delivered without reading the row when the table's
 * state of that version or a newer one is already known here ({@link StateTable#stored()}: this store
 * saved or read it), or when it carries a delta whose base is that state (applied here: the cost
 * follows the change, not the state). Otherwise, a gap (a notification missed or reordered, a new
 * listener, a delta that could not be read), the listener reads the row on its connection and
 * delivers it if newer. A notice of a version already delivered changes nothing.
 *
 * <p>{@link #lost} is how any part of the store reports a database failure: it records the outage
 * and asks the listener to reconnect, so that the states are resynchronised.
 *
 * <p>Concurrency: {@code reconnect} is volatile, set by any thread and cleared by the listener
 * thread, which alone uses its connection. The resync runs on the worker only; the held save and
 * the end of the outage are under {@link ConnectionHealth}'s lock.
 */
final class StateChannel {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    /** Longest wait on the feed before the listener checks whether the store closed. */
    private static final long SLICE_MILLIS = 200;

    private final JdbcSettings settings;
    private final StoreWorker worker;
    private final ConnectionHealth health;
    private final StateTable table;
    private final KnownState known;
    private final Thread listener;

    private volatile boolean reconnect;
    private volatile String feedName = "none";
    private volatile int listenerBackend;
    /** Moves at each delta applied to a known state instead of reading the row. */
    private final LongAdder deltasApplied = new LongAdder();

    StateChannel(JdbcSettings settings, StoreWorker worker, ConnectionHealth health, StateTable table,
            KnownState known) {
        this.settings = settings;
        this.worker = worker;
        this.health = health;
        this.table = table;
        this.known = known;
        this.listener = new Thread(this::listenLoop, "maintenance-jdbc-listener");
        this.listener.setDaemon(true);
    }

    void start() {
        listener.start();
    }

    /** How changes arrive on the current connection: {@code LISTEN/NOTIFY}, {@code polling} or {@code none}. */
    String feedName() {
        return feedName;
    }

    /** The database failed: log once, show it, fail saves fast, and reconnect the listener (then resync). */
    void lost(Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        health.lost(detail);
        reconnect = true;
    }

    // ---- listener thread ------------------------------------------------------------------------

    private void listenLoop() {
        ConnectionHealth.Backoff backoff = health.backoff();
        while (!worker.closed()) {
            boolean listened = false;
            try (Connection c = table.open()) {
                reconnect = false;
                ChangeFeed feed = feed(c);
                feedName = feed.name();
                listened = true;
                worker.submit(this::resync);
                while (!worker.closed() && !reconnect) {
                    for (StateNotice notice : feed.await(SLICE_MILLIS)) {
                        heard(c, notice);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!worker.closed()) {
                    lost(e);
                }
            } catch (InterruptedException e) {
                break;
            } finally {
                feedName = "none";
            }
            if (listened) {
                backoff.reset();
            }
            if (worker.closed()) {
                break;
            }
            long delay = backoff.nextDelay();
            LOG.debug("Reconnecting to the database {} in {} ms", settings.where(), delay);
            try {
                if (worker.awaitClose(delay)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private ChangeFeed feed(Connection c) throws SQLException {
        if (table.postgres(c)) {
            if (pgjdbc(c)) {
                NotifyFeed f = new NotifyFeed(c, table, settings);
                listenerBackend = f.backendPid();
                return f;
            }
            LOG.info("PostgreSQL without the pgjdbc driver: polling {} every {} ms instead of LISTEN/NOTIFY",
                    settings.stateTable(), settings.pollInterval().toMillis());
        }
        return new PollFeed(c, table, settings, worker);
    }

    /**
     * Whether {@code c} is a pgjdbc connection (the driver is on the class path and is the one in
     * use). Checked by name, so that {@link NotifyFeed}, which links against pgjdbc, is loaded only then.
     */
    private static boolean pgjdbc(Connection c) {
        try {
            Class<?> type = Class.forName("org.postgresql.PGConnection", false, StateChannel.class.getClassLoader());
            return c.isWrapperFor(type);
        } catch (ClassNotFoundException | LinkageError | SQLException e) {
            return false;
        }
    }

    /** The server process of the listener's PostgreSQL connection, 0 before the first; for tests that break it. */
    int listenerBackend() {
        return listenerBackend;
    }

    /** How many deltas the listener applied instead of reading the row. */
    long deltasApplied() {
        return deltasApplied.sum();
    }

    /** A version was announced or polled: delivers it from what is known, from its delta, or from the row. */
    private void heard(Connection c, StateNotice notice) throws SQLException {
        if (notice.version() <= known.delivered()) {
            return;
        }
        StoredState base = table.stored();
        if (base != null && base.version() >= notice.version()) {
            worker.submit(() -> known.deliver(base));
            return;
        }
        if (notice.delta() != null && base != null && notice.delta().baseVersion() == base.version()) {
            StoredState s;
            try {
                s = notice.delta().applyTo(base);
            } catch (RuntimeException e) {
                LOG.warn("The change to version {} does not apply to version {} ({}); reading the state from the table"
                        + " instead", notice.version(), base.version(), e.toString());
                fetch(c);
                return;
            }
            table.stored(s);
            deltasApplied.increment();
            health.answered();
            worker.submit(() -> known.deliver(s));
            return;
        }
        fetch(c);
    }

    /** A gap: reads the row on the listener's connection; the worker delivers it if newer. */
    private void fetch(Connection c) throws SQLException {
        StoredState s;
        try {
            s = table.read(c);
        } catch (StateStoreException e) {
            return; // damaged: read() reported it; the next save replaces it
        }
        health.answered();
        if (s != null) {
            worker.submit(() -> known.deliver(s));
        }
    }

    // ---- worker thread --------------------------------------------------------------------------

    /**
     * After (re)connecting: reconciles this instance's latest state with the database's. A save
     * refused while this runs is held; the outage then stays open and the reconciliation runs
     * again, so that the held save is written to the database too.
     */
    private void resync() {
        try {
            StoredState current = table.read();
            while (true) {
                ConnectionHealth.Taken taken = health.takeForResync();
                StoredState held = taken.held();
                if (held != null && current != null && current.version() > held.version()) {
                    LOG.warn("The change made on this instance while the database {} was unreachable (version {}) is "
                            + "superseded by version {} from the database", settings.where(), held.version(),
                            current.version());
                }
                reconcile(current, taken.mine());
                if (health.resynchronised()) {
                    return;
                }
                current = table.read(); // a save was held meanwhile: reconcile it too
            }
        } catch (SQLException e) {
            lost(e);
        } catch (StateStoreException e) {
            // The stored state is damaged (read() reported it); the database answers, and the next save replaces it.
            health.connectedWithDamagedState(e.getMessage());
        }
    }

    /** Writes {@code mine} back if the table has none, an older one or another one of its version; else delivers the table's. */
    private void reconcile(StoredState current, StoredState mine) throws SQLException {
        if (mine != null && (current == null || current.version() < mine.version())) {
            writeBack(mine, current == null ? "the database had no state"
                    : "the database had version " + current.version());
        } else if (mine != null && current.version() == mine.version() && !current.equals(mine)) {
            writeBack(mine.withVersion(mine.version() + 1),
                    "the database had another state under the same version " + current.version());
        } else if (current != null) {
            known.deliver(current);
        }
    }

    private void writeBack(StoredState s, String why) throws SQLException {
        long current = table.cas(s);
        if (current < 0) {
            LOG.info("{}: wrote this instance's latest state (version {}) back to {}", why, s.version(),
                    settings.where());
            known.known(s);
            known.deliver(s);
        } else {
            StoredState newer = table.read();
            if (newer != null) {
                known.deliver(newer);
            }
        }
    }

    // ---- any thread -----------------------------------------------------------------------------

    /** Waits up to {@code millis} for the listener thread to end (it sees the closed flag within 200 ms). */
    void join(long millis) throws InterruptedException {
        listener.join(millis);
    }
}
