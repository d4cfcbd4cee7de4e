package io.github.maintenance.redis;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.route.Route;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code refuseChangesWhenStoreUnavailable} against a real Redis: while Redis is down a change is
 * refused and changes nothing, so no instance drifts from the others; once Redis is back it is
 * accepted and reaches every instance.
 */
class RedisRefuseChangesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private RedisServer redis;
    private String prefix;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        prefix = "refuse-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static MaintenanceController refusing(RedisCluster cluster, String name) {
        RedisStateStore store = cluster.storeBuilder().build();
        cluster.stores.add(store);
        return MaintenanceController.create(MaintenanceConfig.custom()
                .instanceName(name)
                .route(Route.builder("api").path("/api").build())
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .stateStore(store)
                .refuseChangesWhenStoreUnavailable(true)
                .build());
    }

    @Test
    @Timeout(120)
    void aChangeIsRefusedWhileRedisIsDownAndAcceptedOnceItIsBack() throws Exception {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix);
                MaintenanceController a = refusing(cluster, "a");
                MaintenanceController b = refusing(cluster, "b")) {
            await(WAIT).until(() -> a.storeStatus().available() && b.storeStatus().available());
            long version = a.snapshot().version();

            redis.kill();
            await(WAIT).until(() -> a.storeStatus().unreachable());

            assertThatThrownBy(() -> a.apply(Change.enter("api"), Cause.api("ops")))
                    .isInstanceOfSatisfying(MaintenanceException.class,
                            e -> assertThat(e.kind()).isEqualTo(MaintenanceException.Kind.STORE_UNAVAILABLE))
                    .hasMessageStartingWith("the state store is unavailable (unreachable: ");
            assertThat(a.decide("h", "/api").action()).isEqualTo(Action.PASS);
            assertThat(a.snapshot().version()).isEqualTo(version);

            redis.restart();
            await(WAIT).until(() -> a.storeStatus().available() && b.storeStatus().available());

            ChangeResult accepted = a.apply(Change.enter("api"), Cause.api("ops"));

            assertThat(accepted.storeSaved()).isTrue();
            assertThat(a.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            await(WAIT).until(() -> b.decide("h", "/api").action() == Action.MAINTENANCE);
        }
    }
}
