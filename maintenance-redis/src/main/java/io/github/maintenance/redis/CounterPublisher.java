package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spi.StateStoreException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cluster counters: publishes this instance's counters every {@code countersInterval} (an
 * expiring {@code P counters:NAME} string, and the name in the {@code P instances} sorted set) and
 * reads back those of every instance ({@link #clusterStatistics()}), dropping instances that
 * stopped publishing.
 *
 * <p>Concurrency: this object's monitor guards {@code counters} (the scheduled publication);
 * publishing runs on the worker thread, {@link #clusterStatistics()} on the caller's. Redis
 * failures go to the store's {@code lost} callback, never under the monitor.
 */
final class CounterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

    private final String where;
    private final String instancesKey;
    private static final String SET_WITH_TTL = "return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])";

    private final String countersPrefix;
    private final Duration interval;
    private final Clock clock;
    private final UnifiedJedis pool;
    private final StoreWorker worker;
    private final Consumer<Exception> lost;

    // Guarded by this.
    private ScheduledFuture<?> counters;

    CounterPublisher(RedisSettings settings, UnifiedJedis pool, StoreWorker worker, Consumer<Exception> lost) {
        this.where = settings.where();
        this.instancesKey = settings.instancesKey();
        this.countersPrefix = settings.countersPrefix();
        this.interval = settings.countersInterval();
        this.clock = settings.clock();
        this.pool = pool;
        this.worker = worker;
        this.lost = lost;
    }

    /** Publishes the counters of {@code controller} from now on, replacing any earlier controller. */
    synchronized void publishCountersOf(MaintenanceController controller) {
        if (worker.closed()) {
            throw new IllegalStateException("store is closed");
        }
        if (counters != null) {
            counters.cancel(false);
        }
        counters = worker.every(interval, Duration.ZERO, () -> publish(controller));
    }

    /** Worker thread. */
    private void publish(MaintenanceController controller) {
        if (worker.closed()) {
            return;
        }
        InstanceStatistics stats;
        try {
            stats = CountersFormat.snapshot(controller, clock.instant());
        } catch (IllegalStateException e) {
            return; // controller closed
        }
        try {
            // SET … PX through a script: SetParams.px has another signature in Jedis 6 than in 7 and 8,
            // and PSETEX is deprecated; eval(String, List, List) is the same in all three.
            pool.eval(SET_WITH_TTL, List.of(countersPrefix + stats.instance()),
                    List.of(CountersFormat.encode(stats), Long.toString(interval.toMillis() * 3)));
            pool.zadd(instancesKey, stats.publishedAt().toEpochMilli(), stats.instance());
        } catch (JedisException e) {
            lost.accept(e);
        }
    }

    /**
     * The counters the instances last published, and their sums.
     *
     * @throws StateStoreException when Redis is unreachable
     */
    ClusterStatistics clusterStatistics() {
        try {
            long stale = clock.millis() - interval.toMillis() * 30;
            pool.zremrangeByScore(instancesKey, Double.NEGATIVE_INFINITY, stale);
            List<String> names = pool.zrange(instancesKey, 0, -1) /* all, by score */;
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
            lost.accept(e);
            throw new StateStoreException("Redis " + where + " unreachable: " + e.getMessage(), e);
        }
    }
}
