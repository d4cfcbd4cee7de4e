package io.github.maintenance.jdbc;

import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateEncoder;
import io.github.maintenance.spi.StoredStateFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state table and the statements on it: create it when missing (or find it created by a DBA),
 * read the state, and save it by compare-and-set (in one transaction, the row is locked with
 * {@code SELECT … FOR UPDATE} and written only when its version is older, so no instance ever
 * overwrites newer state with older). On PostgreSQL the same transaction sends
 * {@code pg_notify(channel, 'VERSION KEY delta=…')} when it knows the state it replaces (the delta
 * to the new one, see {@link StateNotice}), then {@code pg_notify(channel, 'VERSION KEY')}, delivered
 * to the listeners when it commits. SQL failures propagate to the caller, which reports them to
 * {@link ConnectionHealth}.
 *
 * <p>It also remembers the newest state it knows to be in the table ({@link #stored()}: read from
 * it, written to it, or built from a delta on a state that was), the base of the deltas this store
 * sends and applies. Not the store's latest known state: a change held during an outage, or one whose
 * save failed, may never reach the table, and another instance may store other content under its version.
 *
 * <p>Connections: with a URL, reads and saves share one kept command connection, used by one
 * thread at a time under {@code commandLock} (reads and saves are rare: start, changes, resyncs);
 * with a {@code DataSource}, each borrows a connection. The listener reads on its own connection.
 *
 * <p>Concurrency: {@code ready} and {@code postgres} are volatile facts learnt once (racing
 * threads learn the same); the table is checked and created under this object's monitor, so one
 * store creates it once; {@code command} and {@code closed} are guarded by {@code commandLock},
 * which is held while the database is called (so a hanging database holds other saves up to the
 * statement time-out). Called from any thread.
 */
final class StateTable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    /** SQLSTATE of a unique-key violation (PostgreSQL, H2 and the standard). */
    static final String UNIQUE_VIOLATION = "23505";

    private final ConnectionSource source;
    private final String table;
    private final String key;
    private final String channel;
    /** Keeps the text of unchanged routes from one save to the next. */
    private final StoredStateEncoder encoder = new StoredStateEncoder();
    private final boolean createTables;
    private final boolean notifications;
    private final int timeout;
    private final Clock clock;
    private final ConnectionHealth health;
    private final AtomicReference<StoredState> stored = new AtomicReference<>();
    /** Moves at each read of the state row (not of the version alone), on any connection. */
    private final LongAdder rowReads = new LongAdder();

    private final boolean keepOpen;
    private final Object commandLock = new Object();
    private volatile boolean ready;
    private volatile Boolean postgres;
    // Guarded by commandLock.
    private Connection command;
    private boolean closed;

    StateTable(JdbcSettings settings, ConnectionHealth health) {
        this.source = settings.source();
        this.keepOpen = settings.source().keepOpen();
        this.table = settings.stateTable();
        this.key = settings.key();
        this.channel = settings.channel();
        this.createTables = settings.createTables();
        this.notifications = settings.notifications();
        this.timeout = settings.timeoutSeconds();
        this.clock = settings.clock();
        this.health = health;
    }

    /** The portable DDL of the state table (also in the {@code schema.sql} resource, with the default prefix). */
    static String ddl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                + "    store_key     VARCHAR(100) NOT NULL PRIMARY KEY,\n"
                + "    state_version BIGINT       NOT NULL,\n"
                + "    state_text    TEXT         NOT NULL,\n"
                + "    updated_at    BIGINT       NOT NULL\n"
                + ")";
    }

    /** A connection on which the table exists (created here when missing and allowed). */
    Connection open() throws SQLException {
        Connection c = source.open();
        try {
            ensureTable(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Whether {@code c} is a PostgreSQL connection whose notifications the store may use. */
    boolean postgres(Connection c) throws SQLException {
        Boolean p = postgres;
        if (p == null) {
            p = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql");
            postgres = p;
        }
        return p && notifications;
    }

    private synchronized void ensureTable(Connection c) throws SQLException {
        if (ready) {
            return;
        }
        if (!exists(c)) {
            if (!createTables) {
                throw new SQLException("the table " + table + " does not exist (the store is not allowed to create"
                        + " it: run the DDL of maintenance-jdbc's schema.sql)");
            }
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(timeout);
                s.execute(ddl(table));
            } catch (SQLException e) {
                if (!exists(c)) { // another instance may have created it at the same time
                    throw new SQLException("cannot create the table " + table + ": " + e.getMessage(),
                            e.getSQLState(), e);
                }
            }
            LOG.info("Created the table {} of the maintenance state", table);
        }
        ready = true;
    }

    /** Whether the table can be read (a DBA may have created it; then no CREATE right is needed). */
    private boolean exists(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeout);
            s.executeQuery("SELECT state_version FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (c.isClosed() || !c.isValid(timeout)) {
                throw e; // the connection failed, not the table
            }
            return false;
        }
    }

    /**
     * The state in the table, or null.
     *
     * @throws StateStoreException when the stored state is damaged (also reported as a problem)
     */
    StoredState read() throws SQLException {
        return withConnection(this::read);
    }

    /** What {@link #withConnection} runs. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on the kept command connection (opened when there is none; closed and
     * forgotten when {@code work} fails), or on one borrowed from the {@code DataSource}.
     */
    <T> T withConnection(Work<T> work) throws SQLException {
        if (!keepOpen) {
            try (Connection c = open()) {
                return work.run(c);
            }
        }
        synchronized (commandLock) {
            if (closed) {
                throw new SQLException("the store is closed");
            }
            if (command == null) {
                command = open();
            }
            try {
                return work.run(command);
            } catch (SQLException | RuntimeException e) {
                if (!(e instanceof StateStoreException)) {
                    closeCommand();
                }
                throw e;
            }
        }
    }

    /** Closes the kept command connection; the store closes. */
    void close() {
        synchronized (commandLock) {
            closed = true;
            closeCommand();
        }
    }

    private void closeCommand() {
        if (command != null) {
            try {
                command.close();
            } catch (SQLException e) {
                LOG.debug("Closing the command connection failed: {}", e.toString());
            }
            command = null;
        }
    }

    /** The newest state known to be in the table at its version, or null. */
    StoredState stored() {
        return stored.get();
    }

    /** Records {@code s} as in the table at its version, unless a newer one is known. */
    void stored(StoredState s) {
        stored.accumulateAndGet(s, (a, b) -> a == null || b.version() > a.version() ? b : a);
    }

    /** How many times the state row was read (a test asserts that deltas need none). */
    long rowReads() {
        return rowReads.sum();
    }

    StoredState read(Connection c) throws SQLException {
        rowReads.increment();
        String text;
        try (PreparedStatement s = c.prepareStatement("SELECT state_text FROM " + table + " WHERE store_key = ?")) {
            s.setQueryTimeout(timeout);
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                text = r.next() ? r.getString(1) : null;
            }
        }
        if (text == null) {
            return null;
        }
        try {
            StoredState s = StoredStateFormat.decode(text);
            stored(s);
            return s;
        } catch (StateStoreException e) {
            String message = "the state in table " + table + " key " + key + " is damaged: " + e.getMessage();
            health.problem(message);
            throw new DamagedStateException(message, e);
        }
    }

    /** The stored version, or -1 when there is no state: the cheap question polling asks. */
    long version(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT state_version FROM " + table + " WHERE store_key = ?")) {
            s.setQueryTimeout(timeout);
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    /** Compare-and-set: -1 when {@code state} was written (and notified), else the stored version, not older. */
    long cas(StoredState state) throws SQLException {
        String text = encoder.encode(state);
        return withConnection(c -> {
            boolean notify = postgres(c);
            StoredState base = notify ? stored.get() : null;
            String delta = base != null && base.version() < state.version()
                    ? StateNotice.withDelta(StateDelta.between(base, state), key) : null;
            c.setAutoCommit(false);
            try {
                long result = -2;
                for (int attempt = 0; result == -2; attempt++) {
                    result = casOnce(c, state.version(), text, notify, delta == null ? null
                            : new Notices(base.version(), delta), attempt);
                }
                if (result == -1) {
                    stored(state);
                }
                return result;
            } finally {
                restoreAutoCommit(c);
            }
        });
    }

    /** The delta payload of a save, and the stored version it applies to (sent only if that is the one replaced). */
    private record Notices(long base, String payload) {
    }

    /** One transaction; -2 when a concurrent first insert won the race (then the caller tries again). */
    private long casOnce(Connection c, long version, String text, boolean notify, Notices delta, int attempt)
            throws SQLException {
        try {
            long current;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT state_version FROM " + table + " WHERE store_key = ? FOR UPDATE")) {
                s.setQueryTimeout(timeout);
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    current = r.next() ? r.getLong(1) : -1;
                }
            }
            if (current >= version) {
                c.rollback();
                return current;
            }
            String sql = current < 0
                    ? "INSERT INTO " + table + " (state_version, state_text, updated_at, store_key) VALUES (?, ?, ?, ?)"
                    : "UPDATE " + table + " SET state_version = ?, state_text = ?, updated_at = ? WHERE store_key = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(timeout);
                s.setLong(1, version);
                s.setString(2, text);
                s.setLong(3, clock.millis());
                s.setString(4, key);
                s.executeUpdate();
            }
            if (notify) {
                if (delta != null && delta.base() == current) {
                    notify(c, delta.payload());
                }
                notify(c, StateNotice.plain(version, key));
            }
            c.commit();
            return -1;
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt < 3) {
                return -2;
            }
            throw e;
        }
    }

    private void notify(Connection c, String payload) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setQueryTimeout(timeout);
            s.setString(1, channel);
            s.setString(2, payload);
            s.executeQuery().close();
        }
    }

    /** Back to auto-commit before the connection returns to a pool; a broken one is closed anyway. */
    static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("Cannot restore auto-commit: {}", e.toString());
        }
    }

    static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
