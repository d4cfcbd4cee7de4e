package io.github.maintenance.redis;

import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.testing.AbstractStateStoreContractTest;
import io.github.maintenance.spi.StateStore;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;


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
}
