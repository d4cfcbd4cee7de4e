package io.github.maintenance.redis;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StoredState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No instance overwrites newer state with older, however writers race. */
class RedisFencingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = RedisServerExtension.freshPrefix("fencing");
    }

    private static StoredState state(long version, String tag) {
        return new StoredState(version, Instant.EPOCH, Map.of(), List.of(), null, null, Map.of("test.writer", tag));
    }

    @Test
    void anInstanceThatMissedNewerStateCannotOverwriteIt() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            RedisStateStore ahead = cluster.storeBuilder().build();
            RedisStateStore behind = cluster.storeBuilder().build();
            cluster.stores.add(ahead);
            cluster.stores.add(behind);
            ahead.save(state(5, "ahead"));

            assertThatThrownBy(() -> behind.save(state(3, "behind"))).isInstanceOf(StaleStateException.class)
                    .hasMessage("stale state: version 3 is not newer than the stored version 5");
            assertThatThrownBy(() -> behind.save(state(5, "behind"))).isInstanceOf(StaleStateException.class);

            assertThat(behind.load()).contains(state(5, "ahead"));
        }
    }

    @Test
    void controllersChangingStateAtTheSameTimeConvergeOnOneState() throws Exception {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            List<MaintenanceController> cs = List.of(cluster.instance("a"), cluster.instance("b"),
                    cluster.instance("c"));
            String[] targets = {"api", "admin", "/reports"};
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(cs.size());
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < cs.size(); i++) {
                    MaintenanceController c = cs.get(i);
                    String target = targets[i];
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int k = 0; k < 20; k++) {
                            if (k % 2 == 0) {
                                c.enter(target);
                            } else {
                                c.exit(target);
                            }
                        }
                        c.enter(target);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            StoredState inRedis = cluster.stores.get(0).load().orElseThrow();
            await(WAIT).until(() -> cs.stream().allMatch(c -> c.snapshot().version() == inRedis.version()));
            for (MaintenanceController c : cs) {
                for (String path : List.of("/api", "/admin", "/reports")) {
                    Action expected = inRedis.routeStates().keySet().stream()
                            .anyMatch(id -> ("/" + id).equals(path) || id.equals("path:" + path))
                            ? Action.MAINTENANCE : Action.PASS;
                    assertThat(c.decide("h", path).action()).as(c.config().instanceName() + " " + path)
                            .isEqualTo(expected);
                }
            }
            assertThat(inRedis.routeStates()).isNotEmpty();
        }
    }
}
