package io.github.maintenance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
        return RedisStateStore.builder(redis.uri()).keyPrefix(prefix).build();
    }

    /** The build runs these tests on Jedis 8 and again on 6 and 7; each run checks it has the one it names. */
    @Test
    void runsOnTheJedisMajorTheBuildChose() {
        String expected = System.getProperty("maintenance.expectedJedisMajor", "8");
        String jar = UnifiedJedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(jar).contains("/jedis-" + expected + ".");
    }
}
