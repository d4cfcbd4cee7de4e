package io.github.maintenance.redis;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.store.FileStateStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

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
 *   <li>{@code P events}: the pub/sub channel on which the same script publishes each new state;
 *       every store subscribes and delivers it to {@link #watch} consumers;</li>
 *   <li>{@code P instances} (a sorted set) and {@code P counters:NAME} (expiring strings): the
 *       counters each instance publishes every {@code countersInterval} once
 *       {@link #publishCountersOf} is called, read back summed by {@link #clusterStatistics()}.</li>
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
 */
public final class RedisStateStore implements StateStore {

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

    /** Compare-and-set: writes and publishes a newer version only; returns -1, or the stored version. */
    private static final String SAVE_SCRIPT = """
            local current = redis.call('HGET', KEYS[1], 'version')
            if current then
              local n = tonumber(current)
              if n == nil then
                return redis.error_reply('the stored version is not a number: ' .. current)
              end
              if n >= tonumber(ARGV[1]) then
                return n
              end
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
            redis.call('PUBLISH', ARGV[3], ARGV[2])
            return -1
            """;

    /** Lua numbers are doubles: versions stay exact up to 2^53. */
    private static final long MAX_VERSION = 1L << 53;

    private final String where;
    private final String description;
    private final String stateKey;
    private final String channel;
    private final String instancesKey;
    private final String countersPrefix;
    private final Duration heartbeat;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration countersInterval;
    private final Clock clock;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final JedisPooled pool;
    private final FileStateStore localCopy;
    private final ScheduledExecutorService worker;
    private final Thread subscriber;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Consumer<StoredState>> watchers = new CopyOnWriteArrayList<>();
    private final AtomicReference<StoredState> latest = new AtomicReference<>();
    private final Object pubSubWrites = new Object();

    private volatile Connection subscription;
    private volatile Listener listener;
    private volatile long lastHeard;
    private volatile boolean closed;
    // Guarded by this.
    private boolean down;
    private boolean everConnected;
    private String lastProblem;
    private StoredState pending;
    private StoreStatus status;
    private ScheduledFuture<?> counters;
    // Worker thread only.
    private long delivered = -1;

    private RedisStateStore(Builder b, HostAndPort address, JedisClientConfig clientConfig, String where) {
        this.where = where;
        this.description = "redis " + where + " prefix " + b.keyPrefix;
        this.stateKey = b.keyPrefix + "state";
        this.channel = b.keyPrefix + "events";
        this.instancesKey = b.keyPrefix + "instances";
        this.countersPrefix = b.keyPrefix + "counters:";
        this.heartbeat = b.heartbeat;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.countersInterval = b.countersInterval;
        this.clock = b.clock;
        this.address = address;
        this.clientConfig = clientConfig;
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(8);
        poolConfig.setMaxIdle(4);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(b.timeout);
        poolConfig.setJmxEnabled(false);
        this.localCopy = b.localCopy == null ? null : FileStateStore.open(b.localCopy);
        this.pool = new JedisPooled(poolConfig, address, clientConfig);
        this.status = new StoreStatus(description, false, "connecting", null);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance-redis-worker");
            t.setDaemon(true);
            return t;
        });
        this.subscriber = new Thread(this::subscribeLoop, "maintenance-redis-subscriber");
        this.subscriber.setDaemon(true);
        this.subscriber.start();
        long hb = heartbeat.toMillis();
        worker.scheduleWithFixedDelay(this::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
    }

    /** A store on the Redis at {@code uri} ({@code redis://[[user]:password@]host[:port][/db]}) with the defaults. */
    public static RedisStateStore connect(String uri) {
        return builder(uri).build();
    }

    /** A builder of a store on the Redis at {@code uri}; see {@link Builder#build()} for its syntax. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    // ---- StateStore -----------------------------------------------------------------------------

    @Override
    public Optional<StoredState> load() {
        try {
            StoredState s = read();
            answered();
            if (s != null) {
                known(s);
            }
            return Optional.ofNullable(s);
        } catch (JedisException e) {
            lost(e);
            if (localCopy != null) {
                Optional<StoredState> copy = localCopy.load();
                if (copy.isPresent()) {
                    LOG.warn("Redis {} unreachable at start: starting from the last known state kept in {} (version {},"
                            + " saved at {})", where, localCopy.file(), copy.get().version(), copy.get().savedAt());
                    known(copy.get());
                    return copy;
                }
            }
            throw new StateStoreException("Redis " + where + " unreachable: " + e.getMessage(), e);
        }
    }

    /** The state in Redis, or null; Jedis failures propagate. */
    private StoredState read() {
        String data = pool.hget(stateKey, "data");
        if (data == null) {
            return null;
        }
        try {
            return StoredStateFormat.decode(data);
        } catch (StateStoreException e) {
            String message = "the state in Redis key " + stateKey + " is damaged: " + e.getMessage();
            problem(message);
            throw new StateStoreException(message, e);
        }
    }

    @Override
    public void save(StoredState state) {
        if (closed) {
            throw new StateStoreException("the Redis state store is closed");
        }
        if (state.version() >= MAX_VERSION) {
            throw new StateStoreException("version " + state.version() + " is too large for Redis (at most 2^53)");
        }
        synchronized (this) {
            if (down) {
                remember(state);
                throw new StateStoreException("Redis " + where + " unreachable since " + status.since()
                        + "; the change holds on this instance and is written to Redis when it returns");
            }
        }
        long current;
        try {
            current = cas(state);
        } catch (JedisException e) {
            lost(e);
            remember(state);
            throw new StateStoreException("cannot save to Redis " + where + " (" + e.getMessage()
                    + "); the change holds on this instance and is written to Redis when it returns", e);
        }
        if (current >= 0) {
            throw new StaleStateException(state.version(), current);
        }
        synchronized (this) {
            if (pending != null && pending.version() <= state.version()) {
                pending = null;
            }
        }
        answered();
        known(state);
    }

    /** Runs the compare-and-set script: -1 when written, else the stored version. */
    private long cas(StoredState state) {
        Object r = pool.eval(SAVE_SCRIPT, List.of(stateKey),
                List.of(Long.toString(state.version()), StoredStateFormat.encode(state), channel));
        return ((Number) r).longValue();
    }

    /**
     * Delivers every newer state saved through any store on this Redis and prefix (this one
     * included), on the worker thread, in increasing version order. Right after registering, the
     * consumer also gets the current state (it ignores a version it already has), so that nothing
     * saved between its {@code load()} and this call is missed.
     */
    @Override
    public void watch(Consumer<StoredState> consumer) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        watchers.add(consumer);
        submit(() -> {
            StoredState s;
            try {
                s = read();
            } catch (JedisException | StateStoreException e) {
                s = latest.get();
            }
            if (s != null) {
                accept(consumer, s);
            }
        });
    }

    @Override
    public synchronized StoreStatus status() {
        return status;
    }

    // ---- counters -------------------------------------------------------------------------------

    /**
     * Publishes the counters of {@code controller} (the one this store belongs to) every
     * {@code countersInterval}, under its instance name, until this store closes. Instance names
     * must be unique within the cluster. Calling it again replaces the controller.
     */
    public synchronized void publishCountersOf(MaintenanceController controller) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        if (counters != null) {
            counters.cancel(false);
        }
        long ms = countersInterval.toMillis();
        counters = worker.scheduleWithFixedDelay(() -> publishCounters(controller), 0, ms, TimeUnit.MILLISECONDS);
    }

    private void publishCounters(MaintenanceController controller) {
        if (closed) {
            return;
        }
        InstanceStatistics stats;
        try {
            stats = CountersFormat.snapshot(controller, clock.instant());
        } catch (IllegalStateException e) {
            return; // controller closed
        }
        try {
            long ttl = countersInterval.toMillis() * 3;
            pool.set(countersPrefix + stats.instance(), CountersFormat.encode(stats), SetParams.setParams().px(ttl));
            pool.zadd(instancesKey, stats.publishedAt().toEpochMilli(), stats.instance());
        } catch (JedisException e) {
            lost(e);
        }
    }

    /**
     * The counters the instances of the cluster last published, and their sums. Reads Redis on the
     * calling thread (a control-plane call, never the request path).
     *
     * @throws StateStoreException when Redis is unreachable
     */
    public ClusterStatistics clusterStatistics() {
        try {
            long stale = clock.millis() - countersInterval.toMillis() * 30;
            pool.zremrangeByScore(instancesKey, Double.NEGATIVE_INFINITY, stale);
            List<String> names = pool.zrangeByScore(instancesKey, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            List<InstanceStatistics> instances = new ArrayList<>();
            if (!names.isEmpty()) {
                String[] keys = names.stream().map(n -> countersPrefix + n).toArray(String[]::new);
                List<String> values = pool.mget(keys);
                for (int i = 0; i < names.size(); i++) {
                    String v = values.get(i);
                    if (v == null) {
                        pool.zrem(instancesKey, names.get(i)); // expired: it stopped publishing
                        continue;
                    }
                    try {
                        instances.add(CountersFormat.decode(v));
                    } catch (IllegalArgumentException e) {
                        LOG.debug("Ignoring damaged counters of instance {}: {}", names.get(i), e.getMessage());
                    }
                }
            }
            return ClusterStatistics.of(instances);
        } catch (JedisException e) {
            lost(e);
            throw new StateStoreException("Redis " + where + " unreachable: " + e.getMessage(), e);
        }
    }

    // ---- subscription, reconnection, resynchronisation -----------------------------------------

    private void subscribeLoop() {
        long backoff = minBackoff.toMillis();
        while (!closed) {
            Listener l = new Listener();
            try (Connection c = new Connection(address, clientConfig)) {
                subscription = c;
                listener = l;
                lastHeard = System.nanoTime();
                if (closed) {
                    break;
                }
                l.proceed(c, channel);
            } catch (JedisException | IllegalStateException e) {
                if (!closed) {
                    lost(e);
                }
            } finally {
                subscription = null;
                listener = null;
            }
            if (l.subscribed) {
                backoff = minBackoff.toMillis();
            }
            if (closed) {
                break;
            }
            long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            LOG.debug("Reconnecting to Redis {} in {} ms", where, delay);
            try {
                if (stop.await(delay, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
        }
    }

    /** The subscription's callbacks, on the subscriber thread; the work goes to the worker. */
    private final class Listener extends JedisPubSub {
        volatile boolean subscribed;

        @Override
        public void onSubscribe(String ch, int count) {
            subscribed = true;
            lastHeard = System.nanoTime();
            submit(RedisStateStore.this::resync);
        }

        @Override
        public void onMessage(String ch, String message) {
            lastHeard = System.nanoTime();
            submit(() -> onPublished(message));
        }

        @Override
        public void onPong(String pattern) {
            lastHeard = System.nanoTime();
        }
    }

    private void onPublished(String message) {
        StoredState s;
        try {
            s = StoredStateFormat.decode(message);
        } catch (StateStoreException e) {
            LOG.warn("Ignoring a damaged state published on {}: {}", channel, e.getMessage());
            return;
        }
        deliver(s);
    }

    /** After (re)subscribing: reconciles this instance's latest state with Redis's. */
    private void resync() {
        try {
            StoredState current = read();
            StoredState mine = latest.get();
            StoredState superseded;
            synchronized (this) {
                superseded = pending != null && current != null && current.version() > pending.version() ? pending
                        : null;
                pending = null;
            }
            if (superseded != null) {
                LOG.warn("The change made on this instance while Redis {} was unreachable (version {}) is superseded by "
                        + "version {} from Redis", where, superseded.version(), current.version());
            }
            if (mine != null && (current == null || current.version() < mine.version())) {
                writeBack(mine, current == null ? "Redis had no state" : "Redis had version " + current.version());
            } else if (mine != null && current.version() == mine.version() && !current.equals(mine)) {
                writeBack(mine.withVersion(mine.version() + 1),
                        "Redis had another state under the same version " + current.version());
            } else if (current != null) {
                deliver(current);
            }
            connected(null);
        } catch (JedisException e) {
            lost(e);
        } catch (StateStoreException e) {
            // The state in Redis is damaged (read() reported it); Redis answers, and the next save replaces it.
            connected(e.getMessage());
        }
    }

    private void writeBack(StoredState s, String why) {
        long current = cas(s);
        if (current < 0) {
            LOG.info("{}: wrote this instance's latest state (version {}) back to Redis {}", why, s.version(), where);
            known(s);
            deliver(s);
        } else {
            StoredState newer = read();
            if (newer != null) {
                deliver(newer);
            }
        }
    }

    private void heartbeat() {
        Listener l = listener;
        if (l == null || !l.subscribed) {
            return;
        }
        if (System.nanoTime() - lastHeard > heartbeat.toNanos() * 3) {
            lost(new JedisException("no answer to the subscription heartbeat for "
                    + Durations.format(heartbeat.multipliedBy(3))));
            return;
        }
        try {
            synchronized (pubSubWrites) {
                if (!closed) {
                    l.ping();
                }
            }
        } catch (JedisException e) {
            lost(e);
        }
    }

    /** Breaks the blocking subscription so that the subscriber reconnects (and resynchronises). */
    private void dropSubscription() {
        Connection c = subscription;
        if (c != null) {
            c.disconnect();
        }
    }

    // ---- delivery and bookkeeping ---------------------------------------------------------------

    /** Worker thread: delivers a state newer than any delivered before. */
    private void deliver(StoredState s) {
        if (s.version() <= delivered) {
            return;
        }
        delivered = s.version();
        known(s);
        for (Consumer<StoredState> w : watchers) {
            accept(w, s);
        }
    }

    private static void accept(Consumer<StoredState> w, StoredState s) {
        try {
            w.accept(s);
        } catch (RuntimeException e) {
            LOG.warn("State store watcher failed: {}", e.toString(), e);
        }
    }

    /** Records the newest state seen or made here, and keeps it in the local copy. */
    private void known(StoredState s) {
        StoredState now = latest.accumulateAndGet(s, (a, b) -> a == null || b.version() > a.version() ? b : a);
        if (localCopy != null && now.version() == s.version()) {
            try {
                localCopy.save(s);
            } catch (StaleStateException e) {
                // the copy already holds this version or a newer one
            } catch (StateStoreException e) {
                LOG.debug("Local copy not written: {}", e.getMessage());
            }
        }
    }

    /** A state saved here while Redis cannot take it: written back when Redis returns. */
    private void remember(StoredState s) {
        synchronized (this) {
            if (pending == null || s.version() > pending.version()) {
                pending = s;
            }
        }
        known(s);
    }

    /**
     * Redis failed: log once, show it, fail saves fast, and break the subscription so that the
     * subscriber reconnects with back-off and resynchronises.
     */
    private void lost(Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        lostLocked(detail);
        dropSubscription();
    }

    private void lostLocked(String detail) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!down) {
                down = true;
                lastProblem = detail;
                StoredState s = latest.get();
                LOG.warn("Redis {} unreachable ({}); keeping the last known state{} and reconnecting with back-off",
                        where, detail, s == null ? "" : " (version " + s.version() + ")");
                status = new StoreStatus(description, false, "unreachable: " + detail, clock.instant());
            } else {
                LOG.debug("Redis {} still unreachable: {}", where, detail);
            }
        }
    }

    private void problem(String message) {
        synchronized (this) {
            if (!message.equals(lastProblem)) {
                LOG.warn("{}; keeping the last known state", message);
            }
            lastProblem = message;
            status = new StoreStatus(description, false, message, clock.instant());
        }
    }

    /** A command succeeded: Redis answers and its state is readable (an outage is cleared by resync). */
    private synchronized void answered() {
        if (!down && !status.available()) {
            lastProblem = null;
            status = new StoreStatus(description, true, "connected", clock.instant());
        }
    }

    /** Redis answers: clears the outage; {@code problem} is what is still wrong with its data, or null. */
    private void connected(String problem) {
        synchronized (this) {
            if (closed) {
                return;
            }
            StoredState s = latest.get();
            String version = s == null ? "none" : Long.toString(s.version());
            if (down) {
                Instant since = status.since();
                LOG.info("Redis {} reachable again{}; state resynchronised (version {})", where,
                        since == null ? "" : " after " + Durations.format(Duration.between(since, clock.instant())),
                        version);
            } else if (!everConnected) {
                LOG.info("Connected to {} (state version {})", description, version);
            }
            down = false;
            everConnected = true;
            if (problem != null) {
                status = new StoreStatus(description, false, problem, status.since());
            } else if (!status.available()) {
                lastProblem = null;
                status = new StoreStatus(description, true, "connected", clock.instant());
            }
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                if (!closed) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Store closed; task dropped");
        }
    }

    /** Stops the threads and closes the connections; the state stays in Redis. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop.countDown();
        Listener l = listener;
        if (l != null && l.subscribed) {
            try {
                synchronized (pubSubWrites) {
                    l.unsubscribe();
                }
            } catch (JedisException e) {
                LOG.debug("Unsubscribe failed: {}", e.toString());
            }
        }
        dropSubscription();
        worker.shutdown(); // not shutdownNow: an interrupt would abort a local-copy write
        try {
            subscriber.join(5_000);
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        pool.close();
        if (localCopy != null) {
            localCopy.close();
        }
        watchers.clear();
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
         */
        public Builder keyPrefix(String value) {
            this.keyPrefix = value;
            return this;
        }

        /** Connect and read time-out of commands (100 ms to 1 min); default 2 s. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Interval of the subscription heartbeat (50 ms to 1 min); default 1 s. */
        public Builder heartbeat(Duration value) {
            this.heartbeat = value;
            return this;
        }

        /** First and longest delay between reconnection attempts; defaults 100 ms and 10 s. */
        public Builder backoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /** How often {@link #publishCountersOf} publishes (100 ms to 1 h); default 5 s. */
        public Builder countersInterval(Duration value) {
            this.countersInterval = value;
            return this;
        }

        /**
         * Also keeps the latest known state in this file (written atomically, see
         * {@link FileStateStore}), and starts from it when Redis is unreachable at start.
         * {@code null} (the default) keeps no copy.
         */
        public Builder localCopy(Path file) {
            this.localCopy = file;
            return this;
        }

        /** The clock of status times and counters; default the system clock. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The client name shown by {@code CLIENT LIST}; default {@code maintenance}. */
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
         * @throws io.github.maintenance.MaintenanceException naming the bad value
         */
        public RedisStateStore build() {
            URI u = parse(uri);
            String host = u.getHost();
            int port = u.getPort() == -1 ? 6379 : u.getPort();
            int database = 0;
            String path = u.getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                try {
                    database = Integer.parseInt(path.substring(1));
                } catch (NumberFormatException e) {
                    database = -1;
                }
                if (database < 0) {
                    throw invalidUri("the path must be a database number such as /0");
                }
            }
            String user = null;
            String password = null;
            if (u.getRawUserInfo() != null) {
                String info = u.getRawUserInfo();
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
                if (colon < 0) {
                    password = user;
                    user = null;
                } else if (user.isEmpty()) {
                    user = null;
                }
            }
            if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.length() > 64
                    || !keyPrefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw MaintenanceErrors.invalidConfig("keyPrefix", keyPrefix,
                        "1 to 64 printable ASCII characters without spaces");
            }
            check("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(1));
            check("heartbeat", heartbeat, Duration.ofMillis(50), Duration.ofMinutes(1));
            check("minBackoff", minBackoff, Duration.ofMillis(10), Duration.ofMinutes(5));
            check("maxBackoff", maxBackoff, minBackoff, Duration.ofMinutes(5));
            check("countersInterval", countersInterval, Duration.ofMillis(100), Duration.ofHours(1));
            if (clock == null) {
                throw MaintenanceErrors.invalidConfig("clock", null, "is required");
            }
            if (clientName == null || !clientName.matches("[A-Za-z0-9._:-]{1,64}")) {
                throw MaintenanceErrors.invalidConfig("clientName", clientName,
                        "1 to 64 letters, digits and ._:-");
            }
            int ms = (int) timeout.toMillis();
            DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(ms).socketTimeoutMillis(ms).database(database)
                    .clientName(clientName).ssl("rediss".equalsIgnoreCase(u.getScheme()));
            if (password != null) {
                config.user(user).password(password);
            }
            // URI.getHost() keeps the brackets of an IPv6 literal; Jedis wants the bare address.
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            String where = u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                    + (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port + "/" + database;
            return new RedisStateStore(this, new HostAndPort(bare, port), config.build(), where);
        }

        private URI parse(String text) {
            if (text == null || text.isBlank()) {
                throw invalidUri("a redis:// URI is required");
            }
            URI u;
            try {
                u = new URI(text.trim());
            } catch (URISyntaxException e) {
                throw invalidUri("not a URI (" + e.getReason() + ")");
            }
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))) {
                throw invalidUri("expected redis://host:port or rediss://host:port");
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                throw invalidUri("the URI has no host");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                throw invalidUri("query and fragment are not supported");
            }
            return u;
        }

        private io.github.maintenance.MaintenanceException invalidUri(String rule) {
            return MaintenanceErrors.invalidConfig("redis", redact(uri), rule);
        }

        /** The URI without its password, for messages. */
        private static String redact(String text) {
            if (text == null) {
                return null;
            }
            int at = text.indexOf('@');
            int scheme = text.indexOf("://");
            return at > 0 && scheme > 0 && at > scheme ? text.substring(0, scheme + 3) + "***" + text.substring(at)
                    : text;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        private static void check(String key, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw MaintenanceErrors.invalidConfig(key, value == null ? null : Durations.format(value),
                        "must be " + Durations.format(min) + " to " + Durations.format(max));
            }
        }
    }
}
