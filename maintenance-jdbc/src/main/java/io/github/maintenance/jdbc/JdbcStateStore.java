package io.github.maintenance.jdbc;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.AuditEntryFormat;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.InstanceReportFormat;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.store.FileStateStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * Keeps the state in a relational database so that every instance of a cluster serves the same
 * one: a change made on any instance reaches the others (within milliseconds on PostgreSQL, within
 * the poll interval elsewhere), and a new instance starts from it.
 *
 * <h2>Data in the database</h2>
 * Three tables with the table prefix {@code P} (default {@code maintenance_}), each created on
 * first use unless {@link Builder#createTables(boolean) createTables(false)} (then a DBA creates
 * them with {@link #ddl(String)} or the {@code schema.sql} resource, and the store needs only
 * {@code SELECT}, {@code INSERT}, {@code UPDATE} and {@code DELETE} on them; a missing audit or
 * instances table fails only the calls on it, never the state).
 *
 * <p>{@code P state} holds the state: one row per store
 * {@link Builder#key(String) key} (default {@code default}; applications sharing a database and
 * prefix need different keys): the version, the state in the {@link StoredStateFormat} text form,
 * and the time of the last save. A save is one transaction that locks the row
 * ({@code SELECT … FOR UPDATE}) and writes only a newer version (otherwise
 * {@link StaleStateException}), so no instance ever overwrites newer state with older.
 *
 * <p>{@code P audit} holds the audit trail ({@link AuditStore}): one row per entry in the
 * {@link AuditEntryFormat} text form, with the store key, the entry's time (epoch milliseconds)
 * and an identity column that orders the rows. An append inserts its entries and deletes those the
 * {@link AuditPolicy} no longer keeps in one transaction, so the trail is shared by the instances
 * and survives restarts.
 *
 * <p>{@code P instances} holds the instances' reports ({@link ClusterStore}): one row per store
 * key and instance name, with the heartbeat and expiry (epoch milliseconds) and the report in the
 * {@link InstanceReportFormat} text form. Rows past their expiry are never returned and are
 * deleted by the next read.
 *
 * <h2>How changes arrive</h2>
 * On PostgreSQL (detected from the connection's metadata, with the pgjdbc driver) the save's
 * transaction notifies channel {@code P events}, and each store's listener connection
 * ({@code LISTEN}) hears of the change. When the saving store knows the state it replaces (it saved
 * or read it), the first notification carries the change itself: {@code VERSION KEY delta=…}, the
 * {@link io.github.maintenance.spi.StateDeltaFormat} text after the version and key, a few hundred
 * bytes for a one-route change whatever the size of the state (left out when it would reach
 * PostgreSQL's 8000-byte limit). A listener holding the version the delta applies to applies it and
 * reads nothing: a change costs what it changes on every instance. Then, always, comes
 * {@code VERSION KEY}: a listener that does not hold that version yet (it missed a notification,
 * heard them out of order, or just started) reads the row; one that does ignores it; so do
 * notifications of versions already delivered. Without a notification for {@code heartbeat}
 * (default 1 s), the listener reads the stored version, and the row when it is newer, so that a
 * listener that missed a change converges even when no further change comes. Listeners of the
 * previous release understand only {@code VERSION KEY} and ignore the delta form: both can run
 * together during a rolling upgrade. On other databases, or with
 * {@link Builder#notifications(boolean) notifications(false)}, the listener connection reads the
 * stored version every {@link Builder#pollInterval(Duration) pollInterval} (default 1 s), and the
 * row when the version is newer than any it knows.
 *
 * <h2>When the database is unreachable</h2>
 * The controller keeps serving its last known state; the site never opens because the database
 * failed. The store logs the outage once (WARN), shows it in {@link #status()}, refuses saves at
 * once with a {@link StateStoreException} (the controller logs it and the change holds on this
 * instance), and reconnects with exponential back-off and jitter between {@code minBackoff} and
 * {@code maxBackoff}. On PostgreSQL the listener reads the stored version every {@code heartbeat}
 * without a notification, so a closed connection is noticed. When the database is back the store
 * resynchronises: if it has a newer state, it is delivered; if it has none or an older one (this
 * instance changed state during the outage), this instance's latest state is written back; when
 * two instances changed state independently to the same version, the one that reconnects last
 * writes its state under the next version, so all converge. With {@link Builder#localCopy(Path)},
 * the latest known state is also kept in a local file, from which an instance starting while the
 * database is down starts.
 *
 * <p>Threads: one listener thread (its own connection, reconnect loop) and one worker thread
 * (delivery to watchers, resynchronisation), both daemons, stopped by {@link #close()}. Reads and
 * saves borrow a connection from the {@link DataSource} each time; built with a URL, the store keeps
 * one connection open for them (used by one thread at a time) besides the listener's. Thread-safe.
 *
 * <p>Inside, this class only wires package-private parts that each own one concern:
 * {@code ConnectionHealth} (status, outage, the change held during one, back-off),
 * {@code StateChannel} (listener, resynchronisation), {@code NotifyFeed} and {@code PollFeed} (how
 * changes are heard of), {@code StateNotice} (the notification payloads), {@code StateTable}
 * (table, read and compare-and-set), {@code KnownState} (latest state, local copy, watchers), {@code StoreWorker} (worker thread, closed flag),
 * {@code AuditTable} and {@code InstanceTable} (the audit trail and the reports, on the tables
 * {@code SideTable} creates) and {@code JdbcSettings} (what the {@link Builder} validates).
 */
public final class JdbcStateStore implements StateStore, AuditStore, ClusterStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    /** Default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "maintenance_";
    /** Default store key: the row of the state table this store uses. */
    public static final String DEFAULT_KEY = "default";
    /** Default interval at which the stored version is polled when there are no notifications. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default statement time-out. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default interval of the listener's heartbeat on PostgreSQL. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    /** Default first reconnection delay. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    /** Default longest reconnection delay. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    private final String where;
    private final String description;
    private final StoreWorker worker;
    private final KnownState known;
    private final ConnectionHealth health;
    private final StateTable table;
    private final StateChannel channel;
    private final AuditTable audit;
    private final InstanceTable instances;

    private JdbcStateStore(JdbcSettings settings) {
        this.where = settings.where();
        this.description = settings.description();
        this.known = new KnownState(settings.localCopy());
        this.worker = new StoreWorker();
        this.health = new ConnectionHealth(settings, known::latest, worker::closed);
        this.table = new StateTable(settings, health);
        this.channel = new StateChannel(settings, worker, health, table, known);
        this.audit = new AuditTable(settings, table);
        this.instances = new InstanceTable(settings, table);
        channel.start();
    }

    /**
     * A builder of a store whose connections come from {@code dataSource} (usually the
     * application's pool; the store holds one connection for as long as it runs).
     *
     * @param dataSource where connections come from
     * @return a builder with the defaults
     */
    public static Builder builder(DataSource dataSource) {
        if (dataSource == null) {
            throw MaintenanceErrors.invalidConfig("dataSource", null, "is required");
        }
        return new Builder(ConnectionSource.of(dataSource));
    }

    /**
     * A builder of a store that opens its connections with {@code DriverManager}.
     *
     * @param url      a JDBC URL ({@code jdbc:postgresql://HOST:PORT/DB}, {@code jdbc:h2:…}); its driver
     *                 must be on the class path
     * @param user     the user, or {@code null} (none, or given in the URL)
     * @param password the password, or {@code null} (none, or given in the URL)
     * @return a builder with the defaults
     * @throws io.github.maintenance.MaintenanceException if the URL does not start with {@code jdbc:}
     */
    public static Builder builder(String url, String user, String password) {
        if (url == null || !url.trim().regionMatches(true, 0, "jdbc:", 0, 5) || url.trim().length() < 7) {
            throw MaintenanceErrors.invalidConfig("jdbc", url == null ? null : ConnectionSource.redact(url),
                    "a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/app is required");
        }
        return new Builder(ConnectionSource.of(url.trim(), user, password));
    }

    /**
     * The DDL of the tables with prefix {@code tablePrefix} (state, audit, instances), for a DBA who
     * creates them by hand.
     *
     * @param tablePrefix the prefix the stores are built with
     * @return three {@code CREATE TABLE IF NOT EXISTS} statements separated by {@code ;} and a blank
     *         line, without a final semicolon
     * @throws io.github.maintenance.MaintenanceException if the prefix is not a valid identifier start
     */
    public static String ddl(String tablePrefix) {
        return String.join(";\n\n", ddlStatements(tablePrefix));
    }

    /**
     * The DDL of the tables with prefix {@code tablePrefix}, one statement each: the state, audit
     * and instances tables.
     *
     * @param tablePrefix the prefix the stores are built with
     * @return the {@code CREATE TABLE IF NOT EXISTS} statements, without semicolons
     * @throws io.github.maintenance.MaintenanceException if the prefix is not a valid identifier start
     */
    public static List<String> ddlStatements(String tablePrefix) {
        JdbcSettings s = JdbcSettings.validate(null, tablePrefix, DEFAULT_KEY, true, true, DEFAULT_POLL_INTERVAL,
                DEFAULT_TIMEOUT, DEFAULT_HEARTBEAT, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, null,
                Clock.systemUTC());
        return List.of(StateTable.ddl(s.stateTable()), AuditTable.ddl(s.auditTable()),
                InstanceTable.ddl(s.instancesTable()));
    }

    // ---- StateStore -----------------------------------------------------------------------------

    @Override
    public Optional<StoredState> load() {
        try {
            StoredState s = table.read();
            health.answered();
            if (s != null) {
                known.known(s);
            }
            return Optional.ofNullable(s);
        } catch (SQLException e) {
            channel.lost(e);
            Optional<StoredState> copy = known.loadLocalCopy();
            if (copy.isPresent()) {
                LOG.warn("Database {} unreachable at start: starting from the last known state kept in {} (version {},"
                        + " saved at {})", where, known.localCopyFile(), copy.get().version(), copy.get().savedAt());
                known.known(copy.get());
                return copy;
            }
            throw new StateStoreException("database " + where + " unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(StoredState state) {
        if (worker.closed()) {
            throw new StateStoreException("the JDBC state store is closed");
        }
        StateStoreException refused = health.holdIfDown(state);
        if (refused != null) {
            known.known(state);
            throw refused;
        }
        long current;
        try {
            current = table.cas(state);
        } catch (SQLException e) {
            // Held before the outage is recorded, so that no resync can end the outage without it.
            health.hold(state);
            channel.lost(e);
            known.known(state);
            throw new StateStoreException("cannot save to the database " + where + " (" + e.getMessage()
                    + "); the change holds on this instance and is written to the database when it returns", e);
        }
        if (current >= 0) {
            throw new StaleStateException(state.version(), current);
        }
        health.saved(state);
        health.answered();
        known.known(state);
    }

    /**
     * Delivers every newer state saved through any store on this table and key (this one
     * included), on the worker thread, in increasing version order. Right after registering, the
     * consumer also gets the current state (it ignores a version it already has), so that nothing
     * saved between its {@code load()} and this call is missed.
     */
    @Override
    public void watch(Consumer<StoredState> consumer) {
        if (worker.closed()) {
            throw new IllegalStateException("store is closed");
        }
        KnownState.Watcher watcher = known.addWatcher(consumer);
        worker.submit(() -> {
            StoredState s;
            try {
                s = table.read();
            } catch (SQLException | StateStoreException e) {
                s = known.latest();
            }
            if (s != null) {
                watcher.give(s);
            }
        });
    }

    @Override
    public StoreStatus status() {
        return health.status();
    }

    // ---- AuditStore -----------------------------------------------------------------------------

    @Override
    public void appendAudit(List<AuditEntry> entries, AuditPolicy policy, Instant now) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        open();
        try {
            audit.append(entries, policy, now);
        } catch (SQLException e) {
            throw new StateStoreException("cannot append to the audit table of the database " + where + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<AuditEntry> recentAudit(AuditPolicy policy, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        open();
        try {
            return audit.recent(policy, now);
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the audit table of the database " + where + ": "
                    + e.getMessage(), e);
        }
    }

    // ---- ClusterStore ---------------------------------------------------------------------------

    @Override
    public void publishInstance(InstanceReport report, Duration expireAfter) {
        Objects.requireNonNull(report, "report");
        if (expireAfter == null || expireAfter.isNegative() || expireAfter.isZero()) {
            throw new IllegalArgumentException("expireAfter must be positive: " + expireAfter);
        }
        open();
        try {
            instances.publish(report, expireAfter);
        } catch (SQLException e) {
            throw new StateStoreException("cannot publish to the instances table of the database " + where + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<InstanceReport> instances(Instant now) {
        Objects.requireNonNull(now, "now");
        open();
        try {
            return instances.instances(now);
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the instances table of the database " + where + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void removeInstance(String instance) {
        Objects.requireNonNull(instance, "instance");
        open();
        try {
            instances.remove(instance);
        } catch (SQLException e) {
            throw new StateStoreException("cannot delete from the instances table of the database " + where + ": "
                    + e.getMessage(), e);
        }
    }

    /** Refuses audit and cluster calls once closed, and at once during an outage (rather than wait on it). */
    private void open() {
        if (worker.closed()) {
            throw new StateStoreException("the JDBC state store is closed");
        }
        if (health.down()) {
            throw new StateStoreException("the database " + where + " is unreachable: " + health.status().detail());
        }
    }

    /**
     * How changes from other instances arrive right now: {@code LISTEN/NOTIFY} (PostgreSQL),
     * {@code polling}, or {@code none} while the listener is not connected.
     *
     * @return the name of the propagation in use
     */
    public String propagation() {
        return channel.feedName();
    }

    /** How many times this store read the state row (loads, watches, resyncs, gaps); for tests. */
    long stateReads() {
        return table.rowReads();
    }

    /** How many deltas this store's listener applied instead of reading the row; for tests. */
    long deltasApplied() {
        return channel.deltasApplied();
    }

    /** The server process of the listener's PostgreSQL connection (0 before it connects); for tests that end it. */
    int listenerBackend() {
        return channel.listenerBackend();
    }

    /** Stops the threads and closes the store's connections; the state stays in the database. Idempotent. */
    @Override
    public void close() {
        if (!worker.markClosed()) {
            return;
        }
        worker.shutdown();
        try {
            channel.join(5_000);
            worker.awaitTermination();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        table.close();
        known.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link JdbcStateStore}. Not thread-safe. */
    public static final class Builder {
        private final ConnectionSource source;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private String key = DEFAULT_KEY;
        private boolean createTables = true;
        private boolean notifications = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Path localCopy;
        private Clock clock = Clock.systemUTC();

        private Builder(ConnectionSource source) {
            this.source = source;
        }

        /**
         * Prefix of the table name (1 to 40 letters, digits and underscores, not starting with a
         * digit); default {@code maintenance_}, so the tables are {@code maintenance_state},
         * {@code maintenance_audit} and {@code maintenance_instances}.
         *
         * @param value the prefix
         * @return this builder
         */
        public Builder tablePrefix(String value) {
            this.tablePrefix = value;
            return this;
        }

        /**
         * The row of the state table this store uses (1 to 100 printable ASCII characters, no
         * spaces); default {@code default}. Applications sharing a table need different keys;
         * instances of one application share one.
         *
         * @param value the key
         * @return this builder
         */
        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /**
         * Whether the store creates the tables when they are missing (default true). With false, a
         * missing state table is reported as an outage until a DBA creates it, and a missing audit
         * or instances table fails the calls on it.
         *
         * @param value whether to create the table
         * @return this builder
         */
        public Builder createTables(boolean value) {
            this.createTables = value;
            return this;
        }

        /**
         * Whether to use PostgreSQL's {@code LISTEN/NOTIFY} when the database is PostgreSQL
         * (default true); false polls on every database.
         *
         * @param value whether to use notifications
         * @return this builder
         */
        public Builder notifications(boolean value) {
            this.notifications = value;
            return this;
        }

        /**
         * How often the stored version is read when there are no notifications (10 ms to 1 min);
         * default 1 s.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        /**
         * Time-out of each statement, in whole seconds (1 s to 1 min); default 2 s. Connect and
         * socket time-outs are the driver's: set them in the URL or the {@code DataSource}.
         *
         * @param value the time-out
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * How long the PostgreSQL listener waits without a notification before checking its
         * connection by reading the stored version (50 ms to 1 min), and then the state if it
         * missed a change; default 1 s.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder heartbeat(Duration value) {
            this.heartbeat = value;
            return this;
        }

        /**
         * First and longest delay between reconnection attempts; defaults 100 ms and 10 s.
         *
         * @param min the first delay
         * @param max the longest delay
         * @return this builder
         */
        public Builder backoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Also keeps the latest known state in this file (written atomically, see
         * {@link FileStateStore}), and starts from it when the database is unreachable at start.
         * {@code null} (the default) keeps no copy.
         *
         * @param file the file of the local copy, or {@code null}
         * @return this builder
         */
        public Builder localCopy(Path file) {
            this.localCopy = file;
            return this;
        }

        /**
         * The clock of status times and of the {@code updated_at} column; default the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Validates and builds; connects in the background (an unreachable database is not an
         * error here, see the class comment).
         *
         * @return the store, connecting in the background
         * @throws io.github.maintenance.MaintenanceException naming the bad value
         */
        public JdbcStateStore build() {
            return new JdbcStateStore(JdbcSettings.validate(source, tablePrefix, key, createTables, notifications,
                    pollInterval, timeout, heartbeat, minBackoff, maxBackoff, localCopy, clock));
        }
    }
}
