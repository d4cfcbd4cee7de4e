package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.AuditEntryFormat;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.InstanceReportFormat;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.store.FileStateStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Keeps the state in Redis so that every instance of a cluster serves the same one: a change made
 * on any instance reaches the others within milliseconds, and a new instance starts from it.
 *
 * <h2>Data in Redis</h2>
 * With the key prefix {@code P} (default {@code maintenance:}; give each application sharing a
 * Redis its own):
 * <ul>
 *   <li>{@code P state}: a hash with {@code version} and {@code data}, the state in the
 *       {@link StoredStateFormat} text form. A save is one Lua script that compares the stored
 *       version and writes only a newer one (otherwise {@link StaleStateException}), so no
 *       instance ever overwrites newer state with older;</li>
 *   <li>{@code P events:deltas}: the pub/sub channel on which the same script publishes each
 *       change, as the {@link StateDelta} from the version it replaces (text starting with
 *       {@code delta=}, {@link StateDeltaFormat}) when the writer knows that version (the stored
 *       one), else as the whole state ({@link StoredStateFormat}), so that a change costs what it
 *       changes, not the size of the state. Every store subscribes and delivers the new state to
 *       {@link #watch} consumers: a delta from the version it delivered last is applied to it; a
 *       delta or state of a version it has already is ignored; a delta from another version (a
 *       missed or reordered message) makes it read the whole state from {@code P state}. Each
 *       heartbeat also reads the stored version, so that a store that missed the last message
 *       catches up without a further change. The script is sent by {@code EVALSHA};</li>
 *   <li>{@code P events}: the channel of earlier releases, which read whole states only. Stores
 *       subscribe to it too (changes saved by an earlier release arrive there), and the script
 *       publishes the whole state on it as well, but only while it has subscribers that are not on
 *       {@code P events:deltas} ({@code PUBSUB NUMSUB}): during a rolling upgrade;</li>
 *   <li>{@code P instances} (a sorted set) and {@code P counters:NAME} (expiring strings): the
 *       counters each instance publishes every {@code countersInterval} once
 *       {@link #publishCountersOf} is called, read back summed by {@link #clusterStatistics()};</li>
 *   <li>{@code P audit}: the audit trail ({@link AuditStore}), a list oldest first whose elements
 *       are {@code MILLIS JSON} (the entry's time in epoch milliseconds, a space, the entry in the
 *       {@link AuditEntryFormat} text form). An append is one Lua script that pushes the entries and
 *       trims the list to the {@link AuditPolicy} (count and age), so the trail is shared by the
 *       instances and survives restarts;</li>
 *   <li>{@code P reports} (a hash of instance name to report in the {@link InstanceReportFormat}
 *       text form) and {@code P reports:expiry} (a sorted set of instance names scored by when
 *       their report expires, epoch milliseconds): the reports of the cluster view
 *       ({@link ClusterStore}), changed together by Lua scripts; expired reports are never returned
 *       and are deleted by the next read.</li>
 * </ul>
 *
 * <h2>When Redis is unreachable</h2>
 * The controller keeps serving its last known state; the site never opens because Redis failed.
 * The store logs the outage once (WARN), shows it in {@link #status()}, refuses saves at once
 * with a {@link StateStoreException} (the controller logs it and the change holds on this
 * instance), and reconnects with exponential back-off and jitter between {@code minBackoff} and
 * {@code maxBackoff}. A heartbeat (PING on the subscription every {@code heartbeat}) notices a
 * silent network failure within three heartbeats. When Redis is back the store resynchronises:
 * if Redis has a newer state, it is delivered; if Redis has none or an older one (Redis restarted
 * empty, or this instance changed state during the outage), this instance's latest state is
 * written back; when two instances changed state independently to the same version, the one that
 * reconnects last writes its state under the next version, so all converge. With
 * {@link Builder#localCopy(Path)}, the latest known state is also kept in a local file, from which
 * an instance starting while Redis is down starts (instead of serving everything). A flag file
 * ({@code FlagFileWatcher}) keeps working during an outage; its change is written to Redis when it
 * returns.
 *
 * <p>Threads: one subscriber thread (blocking subscription, reconnect loop) and one worker thread
 * (delivery to watchers, resynchronisation, heartbeat, counters), both daemons, stopped by
 * {@link #close()}. Commands use a small connection pool. Thread-safe.
 *
 * <p>Inside, this class only wires package-private parts that each own one concern and document
 * the lock they use: {@code ConnectionHealth} (status, outage, the change held during one,
 * back-off), {@code StateChannel} (subscription, resynchronisation, heartbeat),
 * {@code StateCommands} (read and compare-and-set), {@code KnownState} (latest state, local copy,
 * watchers), {@code CounterPublisher} (cluster counters), {@code AuditCommands} (audit trail),
 * {@code ReportCommands} (instance reports), {@code StoreWorker} (worker thread,
 * closed flag) and {@code RedisSettings} (what the {@link Builder} validates).
 */
public final class RedisStateStore implements StateStore, AuditStore, ClusterStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

    /** Default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "maintenance:";
    /** Default connect and read time-out of commands. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default interval of the subscription heartbeat. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    /** Default first reconnection delay. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    /** Default longest reconnection delay. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /** Default interval at which counters are published. */
    public static final Duration DEFAULT_COUNTERS_INTERVAL = Duration.ofSeconds(5);

    private final String where;
    private final String description;
    private final UnifiedJedis pool;
    private final StoreWorker worker;
    private final KnownState known;
    private final ConnectionHealth health;
    private final StateCommands commands;
    private final StateChannel channel;
    private final CounterPublisher counters;
    private final AuditCommands audit;
    private final ReportCommands reports;

    private RedisStateStore(RedisSettings settings) {
        this.where = settings.where();
        this.description = settings.description();
        this.known = new KnownState(settings.localCopy());
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(8);
        poolConfig.setMaxIdle(4);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(settings.timeout());
        poolConfig.setJmxEnabled(false);
        this.pool = PooledClient.open(poolConfig, settings.address(), settings.clientConfig());
        this.worker = new StoreWorker();
        this.health = new ConnectionHealth(settings, known::latest, worker::closed);
        this.commands = new StateCommands(pool, settings, health);
        this.channel = new StateChannel(settings, worker, health, commands, known);
        this.counters = new CounterPublisher(settings, pool, worker, channel::lost);
        this.audit = new AuditCommands(pool, settings);
        this.reports = new ReportCommands(pool, settings);
        channel.start();
    }

    /**
     * A store on the Redis at {@code uri} with the defaults.
     *
     * @param uri {@code redis://[[user]:password@]host[:port][/db]}, see {@link Builder#build()}
     * @return the store, connecting in the background
     * @throws io.github.maintenance.MaintenanceException if the URI is not valid
     */
    public static RedisStateStore connect(String uri) {
        return builder(uri).build();
    }

    /**
     * A builder of a store on the Redis at {@code uri}.
     *
     * @param uri the Redis to use; see {@link Builder#build()} for its syntax, checked there
     * @return a builder with the defaults
     */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    // ---- StateStore -----------------------------------------------------------------------------

    @Override
    public Optional<StoredState> load() {
        try {
            StoredState s = commands.read();
            health.answered();
            if (s != null) {
                known.known(s);
            }
            return Optional.ofNullable(s);
        } catch (JedisException e) {
            channel.lost(e);
            Optional<StoredState> copy = known.loadLocalCopy();
            if (copy.isPresent()) {
                LOG.warn("Redis {} unreachable at start: starting from the last known state kept in {} (version {},"
                        + " saved at {})", where, known.localCopyFile(), copy.get().version(), copy.get().savedAt());
                known.known(copy.get());
                return copy;
            }
            throw new StateStoreException("Redis " + where + " unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(StoredState state) {
        if (worker.closed()) {
            throw new StateStoreException("the Redis state store is closed");
        }
        if (state.version() >= StateCommands.MAX_VERSION) {
            throw new StateStoreException("version " + state.version() + " is too large for Redis (at most 2^53)");
        }
        StateStoreException refused = health.holdIfDown(state);
        if (refused != null) {
            known.known(state);
            throw refused;
        }
        long current;
        try {
            current = commands.cas(state, known.latest());
        } catch (JedisException e) {
            // Held before the outage is recorded, so that no resync can end the outage without it.
            health.hold(state);
            channel.lost(e);
            known.known(state);
            throw new StateStoreException("cannot save to Redis " + where + " (" + e.getMessage()
                    + "); the change holds on this instance and is written to Redis when it returns", e);
        }
        if (current >= 0) {
            throw new StaleStateException(state.version(), current);
        }
        health.saved(state);
        health.answered();
        known.known(state);
    }

    /**
     * Delivers every newer state saved through any store on this Redis and prefix (this one
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
                s = commands.read();
            } catch (JedisException | StateStoreException e) {
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
        } catch (JedisException e) {
            throw new StateStoreException("cannot append to the audit trail in Redis " + where + ": "
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
        } catch (JedisException e) {
            throw new StateStoreException("cannot read the audit trail in Redis " + where + ": " + e.getMessage(), e);
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
            reports.publish(report, expireAfter);
        } catch (JedisException e) {
            throw new StateStoreException("cannot publish the report to Redis " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<InstanceReport> instances(Instant now) {
        Objects.requireNonNull(now, "now");
        open();
        try {
            return reports.instances(now);
        } catch (JedisException e) {
            throw new StateStoreException("cannot read the reports in Redis " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void removeInstance(String instance) {
        Objects.requireNonNull(instance, "instance");
        open();
        try {
            reports.remove(instance);
        } catch (JedisException e) {
            throw new StateStoreException("cannot delete the report in Redis " + where + ": " + e.getMessage(), e);
        }
    }

    /** Refuses audit and cluster calls once closed, and at once during an outage (rather than wait on it). */
    private void open() {
        if (worker.closed()) {
            throw new StateStoreException("the Redis state store is closed");
        }
        if (health.down()) {
            throw new StateStoreException("Redis " + where + " is unreachable: " + health.status().detail());
        }
    }

    // ---- counters -------------------------------------------------------------------------------

    /**
     * Publishes the counters of {@code controller} (the one this store belongs to) every
     * {@code countersInterval}, under its instance name, until this store closes. Instance names
     * must be unique within the cluster. Calling it again replaces the controller.
     *
     * @param controller the controller whose counters to publish
     */
    public void publishCountersOf(MaintenanceController controller) {
        counters.publishCountersOf(controller);
    }

    /**
     * The counters the instances of the cluster last published, and their sums. Reads Redis on the
     * calling thread (a control-plane call, never the request path).
     *
     * @return the instances' counters and their sums
     * @throws StateStoreException when Redis is unreachable
     */
    public ClusterStatistics clusterStatistics() {
        return counters.clusterStatistics();
    }

    /** Stops the threads and closes the connections; the state stays in Redis. Idempotent. */
    @Override
    public void close() {
        if (!worker.markClosed()) {
            return;
        }
        channel.close();
        worker.shutdown();
        try {
            channel.join(5_000);
            worker.awaitTermination();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        pool.close();
        known.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link RedisStateStore}. Not thread-safe. */
    public static final class Builder {
        private final String uri;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration countersInterval = DEFAULT_COUNTERS_INTERVAL;
        private Path localCopy;
        private Clock clock = Clock.systemUTC();
        private String clientName = "maintenance";

        private Builder(String uri) {
            this.uri = uri;
        }

        /**
         * Prefix of every key and channel (1 to 64 printable ASCII characters, no spaces); default
         * {@code maintenance:}. Applications sharing a Redis need different prefixes; instances of
         * one application share one.
         *
         * @param value the prefix
         * @return this builder
         */
        public Builder keyPrefix(String value) {
            this.keyPrefix = value;
            return this;
        }

        /**
         * Connect and read time-out of commands (100 ms to 1 min); default 2 s.
         *
         * @param value the time-out
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Interval of the subscription heartbeat (50 ms to 1 min); default 1 s.
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
         * How often {@link #publishCountersOf} publishes (100 ms to 1 h); default 5 s.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder countersInterval(Duration value) {
            this.countersInterval = value;
            return this;
        }

        /**
         * Also keeps the latest known state in this file (written atomically, see
         * {@link FileStateStore}), and starts from it when Redis is unreachable at start.
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
         * The clock of status times and counters; default the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * The client name shown by {@code CLIENT LIST}; default {@code maintenance}.
         *
         * @param value the name (1 to 64 letters, digits and {@code ._:-})
         * @return this builder
         */
        public Builder clientName(String value) {
            this.clientName = value;
            return this;
        }

        /**
         * Validates and builds; connects in the background (an unreachable Redis is not an error
         * here, see the class comment). The URI is
         * {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS;
         * the port defaults to 6379 and the database to 0.
         *
         * @return the store, connecting in the background
         * @throws io.github.maintenance.MaintenanceException naming the bad value
         */
        public RedisStateStore build() {
            return new RedisStateStore(RedisSettings.validate(uri, keyPrefix, timeout, heartbeat, minBackoff,
                    maxBackoff, countersInterval, localCopy, clock, clientName));
        }
    }
}
