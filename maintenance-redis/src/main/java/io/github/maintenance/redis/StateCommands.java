package io.github.maintenance.redis;

import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import java.util.List;

import redis.clients.jedis.UnifiedJedis;

/**
 * The two commands on the state in Redis: read it, and save it by compare-and-set (one Lua script
 * that writes and publishes only a newer version, so no instance ever overwrites newer state with
 * older). Jedis failures propagate to the caller, which reports them to {@link ConnectionHealth}.
 *
 * <p>Concurrency: stateless apart from the thread-safe connection pool; called from any thread.
 */
final class StateCommands {

    /** Lua numbers are doubles: versions stay exact up to 2^53. */
    static final long MAX_VERSION = 1L << 53;

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

    private final UnifiedJedis pool;
    private final String stateKey;
    private final String channel;
    private final ConnectionHealth health;

    StateCommands(UnifiedJedis pool, RedisSettings settings, ConnectionHealth health) {
        this.pool = pool;
        this.stateKey = settings.stateKey();
        this.channel = settings.channel();
        this.health = health;
    }

    /**
     * The state in Redis, or null; Jedis failures propagate.
     *
     * @throws StateStoreException when the stored state is damaged (also reported as a problem)
     */
    StoredState read() {
        String data = pool.hget(stateKey, "data");
        if (data == null) {
            return null;
        }
        try {
            return StoredStateFormat.decode(data);
        } catch (StateStoreException e) {
            String message = "the state in Redis key " + stateKey + " is damaged: " + e.getMessage();
            health.problem(message);
            throw new DamagedStateException(message, e);
        }
    }

    /** Runs the compare-and-set script: -1 when written (and published), else the stored version. */
    long cas(StoredState state) {
        Object r = pool.eval(SAVE_SCRIPT, List.of(stateKey),
                List.of(Long.toString(state.version()), StoredStateFormat.encode(state), channel));
        return ((Number) r).longValue();
    }
}
