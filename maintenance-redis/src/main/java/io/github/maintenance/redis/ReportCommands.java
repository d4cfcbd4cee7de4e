package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.InstanceReportFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;

/**
 * The instances' reports in Redis, for the cluster view: the hash {@code P reports} (instance name
 * to report, in the {@link InstanceReportFormat} text form) and the sorted set
 * {@code P reports:expiry} (instance name scored by when its report expires, epoch milliseconds,
 * so liveness is measured to the millisecond). Both change together in Lua scripts; reading
 * deletes the expired reports and skips a damaged one with a WARN. Separate from the counters of
 * {@link CounterPublisher} ({@code P instances}, {@code P counters:NAME}). Jedis failures propagate.
 *
 * <p>Concurrency: stateless apart from the thread-safe connection pool; called from any thread.
 */
final class ReportCommands {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

    /** KEYS[1] the hash, KEYS[2] the expiry set; ARGV[1] the name, ARGV[2] the report, ARGV[3] its expiry. */
    private static final String PUBLISH_SCRIPT = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            return 1
            """;

    /** KEYS as above; ARGV[1] now (ms). Deletes the expired reports, returns name, report, name, report… */
    private static final String READ_SCRIPT = """
            local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
            for _, name in ipairs(expired) do
              redis.call('HDEL', KEYS[1], name)
              redis.call('ZREM', KEYS[2], name)
            end
            local out = {}
            for _, name in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')) do
              local report = redis.call('HGET', KEYS[1], name)
              if report then
                out[#out + 1] = name
                out[#out + 1] = report
              else
                redis.call('ZREM', KEYS[2], name)
              end
            end
            return out
            """;

    /** KEYS as above; ARGV[1] the name. */
    private static final String REMOVE_SCRIPT = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            return redis.call('ZREM', KEYS[2], ARGV[1])
            """;

    private final UnifiedJedis pool;
    private final List<String> keys;

    ReportCommands(UnifiedJedis pool, RedisSettings settings) {
        this.pool = pool;
        this.keys = List.of(settings.reportsKey(), settings.reportsExpiryKey());
    }

    void publish(InstanceReport report, Duration expireAfter) {
        long expires = report.heartbeat().plus(expireAfter).toEpochMilli();
        pool.eval(PUBLISH_SCRIPT, keys,
                List.of(report.instance(), InstanceReportFormat.encode(report), Long.toString(expires)));
    }

    List<InstanceReport> instances(Instant now) {
        Object r = pool.eval(READ_SCRIPT, keys, List.of(Long.toString(now.toEpochMilli())));
        List<?> pairs = (List<?>) r;
        List<InstanceReport> out = new ArrayList<>(pairs.size() / 2);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            String name = String.valueOf(pairs.get(i));
            try {
                InstanceReport report = InstanceReportFormat.decode(String.valueOf(pairs.get(i + 1)));
                if (!report.instance().equals(name)) {
                    throw new IllegalArgumentException("it names the instance '" + report.instance() + "'");
                }
                out.add(report);
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping the damaged report of instance {} in {}: {}", MaintenanceErrors.printable(name),
                        keys.get(0), MaintenanceErrors.printable(e.getMessage()));
            }
        }
        out.sort(Comparator.comparing(InstanceReport::instance));
        return List.copyOf(out);
    }

    void remove(String instance) {
        pool.eval(REMOVE_SCRIPT, keys, List.of(instance));
    }
}
