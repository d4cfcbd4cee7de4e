package io.github.maintenance.redis;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import redis.clients.jedis.JedisPooled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** No instance overwrites newer state with older, however writers race. */
class RedisFencingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static RedisServer redis;

    private String prefix;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "fencing-" + UUID.randomUUID() + ":";
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
    void concurrentWritersProduceOneIncreasingSequenceOfVersions() throws Exception {
        int writers = 4;
        int attempts = 50;
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix);
                JedisPooled jedis = new JedisPooled("127.0.0.1", redis.port())) {
            RedisStateStore observer = cluster.storeBuilder().build();
            cluster.stores.add(observer);
            List<StoredState> observed = new CopyOnWriteArrayList<>();
            observer.watch(observed::add);
            List<RedisStateStore> ws = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                RedisStateStore s = cluster.storeBuilder().build();
                cluster.stores.add(s);
                ws.add(s);
            }
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger stale = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    RedisStateStore w = ws.get(i);
                    String tag = "writer-" + i;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int a = 0; a < attempts; a++) {
                            long next = w.load().map(StoredState::version).orElse(0L) + 1;
                            try {
                                w.save(state(next, tag));
                                accepted.incrementAndGet();
                            } catch (StaleStateException e) {
                                stale.incrementAndGet();
                                assertThat(e.current()).isGreaterThanOrEqualTo(next);
                            }
                        }
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

            long last = accepted.get();
            assertThat(accepted.get() + stale.get()).isEqualTo(writers * attempts);
            assertThat(observer.load()).map(StoredState::version).contains(last);
            assertThat(jedis.hget(prefix + "state", "version")).isEqualTo(Long.toString(last));
            assertThat(StoredStateFormat.decode(jedis.hget(prefix + "state", "data")).version()).isEqualTo(last);
            await().atMost(WAIT).until(() -> !observed.isEmpty() && observed.get(observed.size() - 1).version() == last);
            assertThat(observed).extracting(StoredState::version).isSorted().doesNotHaveDuplicates();
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
            await().atMost(WAIT).until(() -> cs.stream().allMatch(c -> c.snapshot().version() == inRedis.version()));
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
