package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.spi.AuditEntryFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;

/**
 * The audit trail in Redis: the list {@code P audit}, oldest first, one element per entry written
 * {@code MILLIS JSON} (the entry's time in epoch milliseconds, a space, the entry in the
 * {@link AuditEntryFormat} text form). An append is one Lua script that pushes the entries, keeps
 * the newest {@code maxEntries} and pops the oldest while they are older than the policy's age, so
 * concurrent appends from several instances never lose one another's entries. A damaged element
 * is skipped with a WARN when read. Jedis failures propagate.
 *
 * <p>Concurrency: stateless apart from the thread-safe connection pool; called from any thread.
 */
final class AuditCommands {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

    /** KEYS[1] the list; ARGV[1] the most entries kept, ARGV[2] the oldest time kept (ms), ARGV[3..] the elements. */
    private static final String APPEND_SCRIPT = """
            for i = 3, #ARGV do
              redis.call('RPUSH', KEYS[1], ARGV[i])
            end
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
            local cutoff = tonumber(ARGV[2])
            while true do
              local first = redis.call('LINDEX', KEYS[1], 0)
              if not first then
                break
              end
              local millis = tonumber(string.match(first, '^(-?%d+) '))
              if millis == nil or millis >= cutoff then
                break
              end
              redis.call('LPOP', KEYS[1])
            end
            return redis.call('LLEN', KEYS[1])
            """;

    private final UnifiedJedis pool;
    private final String key;

    AuditCommands(UnifiedJedis pool, RedisSettings settings) {
        this.pool = pool;
        this.key = settings.auditKey();
    }

    void append(List<AuditEntry> entries, AuditPolicy policy, Instant now) {
        if (entries.isEmpty() || !policy.enabled()) {
            return;
        }
        List<String> args = new ArrayList<>(entries.size() + 2);
        args.add(Integer.toString(policy.maxEntries()));
        args.add(Long.toString(now.minus(policy.maxAge()).toEpochMilli()));
        for (AuditEntry e : entries) {
            args.add(e.time().toEpochMilli() + " " + AuditEntryFormat.encode(e));
        }
        pool.eval(APPEND_SCRIPT, List.of(key), args);
    }

    List<AuditEntry> recent(AuditPolicy policy, Instant now) {
        if (!policy.enabled()) {
            return List.of();
        }
        List<String> elements = pool.lrange(key, -policy.maxEntries(), -1);
        List<AuditEntry> out = new ArrayList<>(elements.size());
        for (String element : elements) {
            AuditEntry e = decode(element);
            if (e != null && !policy.expired(e.time(), now)) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    private AuditEntry decode(String element) {
        try {
            int space = element.indexOf(' ');
            if (space < 1) {
                throw new IllegalArgumentException("no time before the entry");
            }
            Long.parseLong(element.substring(0, space));
            String text = element.substring(space + 1);
            if (text.length() > AuditEntryFormat.MAX_LENGTH) {
                throw new IllegalArgumentException("longer than " + AuditEntryFormat.MAX_LENGTH + " characters");
            }
            return AuditEntryFormat.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a damaged entry of the audit list {}: {}", key,
                    MaintenanceErrors.printable(e.getMessage()));
            return null;
        }
    }
}
