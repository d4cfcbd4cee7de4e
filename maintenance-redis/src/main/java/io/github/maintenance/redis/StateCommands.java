package io.github.maintenance.redis;

import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateEncoder;
import io.github.maintenance.spi.StoredStateFormat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The commands on the state in Redis: read it, read its version, and save it by compare-and-set
 * (one Lua script that writes and publishes only a newer version, so no instance ever overwrites
 * newer state with older). Jedis failures propagate to the caller, which reports them to
 * {@link ConnectionHealth}.
 *
 * <p>The script stores the whole state (so that {@link #read()} and any release of the library can
 * read it) and publishes on the delta channel the {@link StateDelta} from the base the writer gives
 * when the stored version is that base's, else the whole state. It publishes the whole state on the
 * state channel too, but only while that channel has subscribers that are not on the delta channel
 * (instances of an earlier release, which read whole states only). It is sent by {@code EVALSHA}
 * (its SHA-1 computed here): only when Redis does not know it (first use, Redis restarted or its
 * scripts flushed) does one {@code EVAL} send its text, which Redis then keeps.
 *
 * <p>Concurrency: stateless apart from the thread-safe connection pool; called from any thread.
 */
final class StateCommands {

    /** Lua numbers are doubles: versions stay exact up to 2^53. */
    static final long MAX_VERSION = 1L << 53;

    /**
     * Compare-and-set: writes and publishes a newer version only; returns -1, or the stored version.
     * KEYS[1] the state hash; ARGV: version, whole state, state channel, delta channel, base version
     * of the delta (empty for none), the delta.
     */
    private static final String SAVE_SCRIPT = """
            local current = redis.call('HGET', KEYS[1], 'version')
            local n = nil
            if current then
              n = tonumber(current)
              if n == nil then
                return redis.error_reply('the stored version is not a number: ' .. current)
              end
              if n >= tonumber(ARGV[1]) then
                return n
              end
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
            if ARGV[5] ~= '' and n ~= nil and n == tonumber(ARGV[5]) then
              redis.call('PUBLISH', ARGV[4], ARGV[6])
            else
              redis.call('PUBLISH', ARGV[4], ARGV[2])
            end
            local subscribers = redis.call('PUBSUB', 'NUMSUB', ARGV[3], ARGV[4])
            if subscribers[2] > subscribers[4] then
              redis.call('PUBLISH', ARGV[3], ARGV[2])
            end
            return -1
            """;
    private static final String SAVE_SCRIPT_SHA = sha1Hex(SAVE_SCRIPT);

    private final UnifiedJedis pool;
    private final String stateKey;
    private final String channel;
    private final String deltaChannel;
    private final ConnectionHealth health;
    /** Keeps the text of unchanged routes from one save to the next. */
    private final StoredStateEncoder encoder = new StoredStateEncoder();

    StateCommands(UnifiedJedis pool, RedisSettings settings, ConnectionHealth health) {
        this.pool = pool;
        this.stateKey = settings.stateKey();
        this.channel = settings.channel();
        this.deltaChannel = settings.deltaChannel();
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

    /** The version stored in Redis (one small HGET), or -1 when there is none or it is not a number. */
    long storedVersion() {
        String v = pool.hget(stateKey, "version");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Runs the compare-and-set script: -1 when written (and published), else the stored version.
     *
     * @param state the state to write
     * @param base  the state the writer knows as the stored one, or null: when Redis still holds its
     *              version, the delta from it is published instead of the whole state
     */
    long cas(StoredState state, StoredState base) {
        String delta = "";
        String baseVersion = "";
        if (base != null && base.version() < state.version()) {
            delta = StateDeltaFormat.encode(StateDelta.between(base, state));
            baseVersion = Long.toString(base.version());
        }
        List<String> args = List.of(Long.toString(state.version()), encoder.encode(state), channel,
                deltaChannel, baseVersion, delta);
        Object r;
        try {
            r = pool.evalsha(SAVE_SCRIPT_SHA, List.of(stateKey), args);
        } catch (JedisNoScriptException e) {
            r = pool.eval(SAVE_SCRIPT, List.of(stateKey), args);
        }
        return ((Number) r).longValue();
    }

    private static String sha1Hex(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
