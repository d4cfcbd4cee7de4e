package io.github.maintenance.redis;

import io.github.maintenance.Durations;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The subscription to the state and delta channels and what hangs on it: the subscriber thread
 * ({@code maintenance-redis-subscriber}, a daemon) holding the blocking subscription and
 * reconnecting with back-off; on the worker, delivery of each published state or delta, the
 * resynchronisation after every (re)subscription, and the heartbeat (a PING on the subscription
 * that notices a silent network failure within three heartbeats, and an {@code HGET} of the stored
 * version that catches up with a change whose message was missed). {@link #lost} is how any part of
 * the store reports a Redis failure: it records the outage and breaks the subscription, so that the
 * subscriber reconnects and resynchronises.
 *
 * <p>Messages, on the worker: a whole state is delivered when newer than the one delivered. A delta
 * whose version was delivered already is ignored (a late or repeated message); one whose base is the
 * state delivered last is applied to it and the result delivered, so the work is that of the change.
 * Any other delta (its base was missed, or messages came out of order) or one that cannot be read
 * (a newer format) is a gap: the store catches up by reading the whole state from Redis.
 *
 * <p>Concurrency: {@code subscription}, {@code listener} and {@code lastHeard} are volatile, written
 * by the subscriber thread (the listener's callbacks run there too) and read by the worker and
 * {@link #close()}. Writes to the subscription from other threads (PING, UNSUBSCRIBE) happen under
 * the {@code pubSubWrites} lock. The resync runs on the worker only; the held save and the end of
 * the outage are under {@link ConnectionHealth}'s lock.
 */
final class StateChannel {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

    private final String where;
    private final String channel;
    private final String deltaChannel;
    private final Duration heartbeat;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final StoreWorker worker;
    private final ConnectionHealth health;
    private final StateCommands commands;
    private final KnownState known;
    private final Thread subscriber;
    private final Object pubSubWrites = new Object();

    private volatile Connection subscription;
    private volatile Listener listener;
    private volatile long lastHeard;
    // Worker thread only: a stored version found damaged, not read again on every heartbeat.
    private long damagedVersion = -1;
    // Worker thread only: a stored version newer than the delivered one, seen at the last heartbeat, or -1.
    private long behind = -1;

    StateChannel(RedisSettings settings, StoreWorker worker, ConnectionHealth health, StateCommands commands,
            KnownState known) {
        this.where = settings.where();
        this.channel = settings.channel();
        this.deltaChannel = settings.deltaChannel();
        this.heartbeat = settings.heartbeat();
        this.address = settings.address();
        this.clientConfig = settings.clientConfig();
        this.worker = worker;
        this.health = health;
        this.commands = commands;
        this.known = known;
        this.subscriber = new Thread(this::subscribeLoop, "maintenance-redis-subscriber");
        this.subscriber.setDaemon(true);
    }

    /** Starts the subscriber thread and schedules the heartbeat on the worker. */
    void start() {
        subscriber.start();
        worker.every(heartbeat, heartbeat, this::heartbeat);
    }

    /**
     * Redis failed: log once, show it, fail saves fast, and break the subscription so that the
     * subscriber reconnects with back-off and resynchronises.
     */
    void lost(Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        health.lost(detail);
        dropSubscription();
    }

    // ---- subscriber thread ----------------------------------------------------------------------

    private void subscribeLoop() {
        ConnectionHealth.Backoff backoff = health.backoff();
        while (!worker.closed()) {
            Listener l = new Listener();
            try (Connection c = new Connection(address, clientConfig)) {
                subscription = c;
                listener = l;
                lastHeard = System.nanoTime();
                if (worker.closed()) {
                    break;
                }
                l.proceed(c, channel, deltaChannel);
            } catch (JedisException | IllegalStateException e) {
                if (!worker.closed()) {
                    lost(e);
                }
            } finally {
                subscription = null;
                listener = null;
            }
            if (l.subscribed) {
                backoff.reset();
            }
            if (worker.closed()) {
                break;
            }
            long delay = backoff.nextDelay();
            LOG.debug("Reconnecting to Redis {} in {} ms", where, delay);
            try {
                if (worker.awaitClose(delay)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** The subscription's callbacks, on the subscriber thread; the work goes to the worker. */
    private final class Listener extends JedisPubSub {
        volatile boolean subscribed;
        // Worker thread only: when the oldest PING not answered yet was sent (System.nanoTime()), or 0.
        long unansweredSince;

        @Override
        public void onSubscribe(String ch, int count) {
            lastHeard = System.nanoTime();
            if (deltaChannel.equals(ch)) { // the second of the two: from now on nothing is missed
                subscribed = true;
                worker.submit(StateChannel.this::resync);
            }
        }

        @Override
        public void onMessage(String ch, String message) {
            lastHeard = System.nanoTime();
            worker.submit(() -> onPublished(message));
        }

        @Override
        public void onPong(String pattern) {
            lastHeard = System.nanoTime();
        }
    }

    // ---- worker thread --------------------------------------------------------------------------

    private void onPublished(String message) {
        if (StateDeltaFormat.isDelta(message)) {
            onDelta(message);
            return;
        }
        StoredState s;
        try {
            s = StoredStateFormat.decode(message);
        } catch (StateStoreException e) {
            LOG.warn("Ignoring a damaged state published on {}: {}", channel, e.getMessage());
            return;
        }
        known.deliver(s);
    }

    private void onDelta(String message) {
        StateDelta d;
        try {
            d = StateDeltaFormat.decode(message);
        } catch (StateStoreException e) {
            LOG.debug("Reading the whole state instead of a delta this version cannot read: {}", e.getMessage());
            catchUp();
            return;
        }
        if (d.version() <= known.delivered()) {
            return;
        }
        StoredState base = known.held(d.baseVersion());
        if (base == null) {
            LOG.debug("Delta from version {} to {} while holding version {}: reading the whole state",
                    d.baseVersion(), d.version(), known.delivered());
            catchUp();
            return;
        }
        known.deliver(d.applyTo(base));
    }

    /** Reads the whole state from Redis and delivers it when newer (a gap, or a change whose message was missed). */
    private void catchUp() {
        try {
            StoredState current = commands.read();
            damagedVersion = -1;
            if (current != null) {
                known.deliver(current);
            }
        } catch (JedisException e) {
            lost(e);
        } catch (StateStoreException e) {
            // read() reported the damage; the next save replaces it. Not read again until it changes.
            damagedVersion = storedVersionOrMinusOne();
            LOG.debug("Not catching up: {}", e.getMessage());
        }
    }

    private long storedVersionOrMinusOne() {
        try {
            return commands.storedVersion();
        } catch (JedisException e) {
            return -1;
        }
    }

    /**
     * After (re)subscribing: reconciles this instance's latest state with Redis's. A save refused
     * while this runs is held; the outage then stays open and the reconciliation runs again, so that
     * the held save is written to Redis too.
     */
    private void resync() {
        try {
            StoredState current = commands.read();
            while (true) {
                ConnectionHealth.Taken taken = health.takeForResync();
                StoredState held = taken.held();
                if (held != null && current != null && current.version() > held.version()) {
                    LOG.warn("The change made on this instance while Redis {} was unreachable (version {}) is "
                            + "superseded by version {} from Redis", where, held.version(), current.version());
                }
                reconcile(current, taken.mine());
                if (health.resynchronised()) {
                    return;
                }
                current = commands.read(); // a save was held meanwhile: reconcile it too
            }
        } catch (JedisException e) {
            lost(e);
        } catch (StateStoreException e) {
            // The state in Redis is damaged (read() reported it); Redis answers, and the next save replaces it.
            health.connectedWithDamagedState(e.getMessage());
        }
    }

    /** Writes {@code mine} back if Redis has none, an older one or another one of its version; else delivers Redis's. */
    private void reconcile(StoredState current, StoredState mine) {
        if (mine != null && (current == null || current.version() < mine.version())) {
            writeBack(mine, current == null ? "Redis had no state" : "Redis had version " + current.version());
        } else if (mine != null && current.version() == mine.version() && !current.equals(mine)) {
            writeBack(mine.withVersion(mine.version() + 1),
                    "Redis had another state under the same version " + current.version());
        } else if (current != null) {
            known.deliver(current);
        }
    }

    private void writeBack(StoredState s, String why) {
        long current = commands.cas(s, null);
        if (current < 0) {
            LOG.info("{}: wrote this instance's latest state (version {}) back to Redis {}", why, s.version(), where);
            known.known(s);
            known.deliver(s);
        } else {
            StoredState newer = commands.read();
            if (newer != null) {
                known.deliver(newer);
            }
        }
    }

    private void heartbeat() {
        Listener l = listener;
        if (l == null || !l.subscribed) {
            return;
        }
        long now = System.nanoTime();
        if (l.unansweredSince != 0 && lastHeard - l.unansweredSince >= 0) {
            l.unansweredSince = 0; // answered (or a message came)
        }
        // Counted from the first PING not answered, so that a worker busy for a while (a large
        // state to read) is not taken for a silent network.
        if (l.unansweredSince != 0 && now - l.unansweredSince > heartbeat.toNanos() * 3) {
            lost(new JedisException("no answer to the subscription heartbeat for "
                    + Durations.format(heartbeat.multipliedBy(3))));
            return;
        }
        try {
            synchronized (pubSubWrites) {
                if (!worker.closed()) {
                    if (l.unansweredSince == 0) {
                        l.unansweredSince = now;
                    }
                    l.ping();
                }
            }
        } catch (JedisException e) {
            lost(e);
            return;
        }
        checkVersion();
    }

    /**
     * A message missed while subscribed (none follows): one small HGET of the version each heartbeat;
     * the whole state is read when Redis was ahead of this instance at the previous heartbeat already
     * and still is (a message in flight has had a heartbeat to arrive).
     */
    private void checkVersion() {
        try {
            long stored = commands.storedVersion();
            if (stored <= known.delivered() || stored == damagedVersion) {
                behind = -1;
            } else if (behind != -1 && known.delivered() < behind) {
                LOG.debug("Redis holds version {}, newer than {}: reading it", stored, known.delivered());
                behind = -1;
                catchUp();
            } else {
                behind = stored;
            }
        } catch (JedisException e) {
            lost(e);
        }
    }

    // ---- any thread -----------------------------------------------------------------------------

    /** Breaks the blocking subscription so that the subscriber reconnects (and resynchronises). */
    private void dropSubscription() {
        Connection c = subscription;
        if (c != null) {
            c.disconnect();
        }
    }

    /** Once the store is marked closed: unsubscribes and breaks the connection, ending the subscriber. */
    void close() {
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
    }

    /** Waits up to {@code millis} for the subscriber thread to end. */
    void join(long millis) throws InterruptedException {
        subscriber.join(millis);
    }
}
