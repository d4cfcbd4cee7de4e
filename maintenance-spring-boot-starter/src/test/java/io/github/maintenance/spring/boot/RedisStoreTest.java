package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.testing.Awaits;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** maintenance.store.type=redis: two instances on a real redis-server share the state. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class RedisStoreTest {

    private RedisServer redis;

    @BeforeAll
    void startRedis(@TempDir Path dir) throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aChangeOnOneInstanceReachesTheOther() {
        String[] common = {"maintenance.store.type=redis", "maintenance.store.redis.url=" + redis.uri(),
                "maintenance.store.redis.key-prefix=shop:", "maintenance.routes[0].id=api",
                "maintenance.routes[0].path=/api"};
        try (BootApp one = BootApp.start(TestWebApp.class, with(common, "maintenance.instance-name=one"));
                BootApp two = BootApp.start(TestWebApp.class, with(common, "maintenance.instance-name=two"))) {
            MaintenanceController first = one.bean(MaintenanceController.class);
            assertThat(first.config().stateStore()).isInstanceOf(RedisStateStore.class);
            assertThat(two.get("/api/hello").statusCode()).isEqualTo(200);

            first.enter("api");
            Awaits.await().until(() -> two.get("/api/hello").statusCode() == 503);
            assertThat(two.get("/admin/hello").statusCode()).isEqualTo(200);
        }
    }

    private static String[] with(String[] common, String extra) {
        String[] all = java.util.Arrays.copyOf(common, common.length + 1);
        all[common.length] = extra;
        return all;
    }
}
