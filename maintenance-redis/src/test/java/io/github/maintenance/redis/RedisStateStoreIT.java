package io.github.maintenance.redis;

import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.spi.AbstractStateStoreContractTest;
import io.github.maintenance.spi.StateStore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

/** The store contract on a real redis-server; each test gets its own key prefix (an empty backing). */
class RedisStateStoreIT extends AbstractStateStoreContractTest {

    @TempDir
    static Path dir;

    private static RedisServer redis;

    private String prefix;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "contract-" + UUID.randomUUID() + ":";
    }

    @Override
    protected StateStore createStore() {
        return RedisStateStore.builder(redis.uri()).keyPrefix(prefix).build();
    }
}
