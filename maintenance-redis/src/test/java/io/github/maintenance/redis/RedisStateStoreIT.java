package io.github.maintenance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.UnifiedJedis;


/** The store contract on a real redis-server; each test gets its own key prefix (an empty backing). */
class RedisStateStoreIT extends AbstractStateStoreContractTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = RedisServerExtension.freshPrefix("contract");
    }

    @Override
    protected StateStore createStore() {
        // A short heartbeat: it is also what catches up with a missed message when no change follows.
        return RedisStateStore.builder(redis.uri()).keyPrefix(prefix).heartbeat(Duration.ofMillis(200)).build();
    }

    /** HSET without PUBLISH: a message no store receives. */
    @Override
    protected void writeWithoutNotice(StoredState state) {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.hset(prefix + "state", Map.of("version", Long.toString(state.version()), "data",
                    StoredStateFormat.encode(state)));
        }
    }

    /** Kills every subscription: the stores reconnect (with back-off) and resynchronise. */
    @Override
    protected void interruptNotices() {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB));
        }
    }

    /** Publishes the delta and the whole state again, on both channels. */
    @Override
    protected void replayNotices(StoredState from, StoredState to) {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.publish(prefix + "events:deltas", StateDeltaFormat.encode(StateDelta.between(from, to)));
            jedis.publish(prefix + "events:deltas", StoredStateFormat.encode(to));
            jedis.publish(prefix + "events", StoredStateFormat.encode(to));
        }
    }

    /** The build runs these tests on Jedis 8 and again on 6 and 7; each run checks it has the one it names. */
    @Test
    void runsOnTheJedisMajorTheBuildChose() {
        String expected = System.getProperty("maintenance.expectedJedisMajor", "8");
        String jar = UnifiedJedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(jar).contains("/jedis-" + expected + ".");
    }
}
