package io.github.maintenance.redis;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.FlagFileWatcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import redis.clients.jedis.RedisClient;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis killed (SIGKILL, losing its data) and started again mid-run: instances keep their state,
 * never open the site, say so in their status, and resynchronise when it returns.
 */
class RedisOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private RedisServer redis;
    private String prefix;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        prefix = "outage-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Watches decisions on a background thread and records any request that would have passed. */
    private static final class Sentinel implements AutoCloseable {
        final Queue<String> passed = new ConcurrentLinkedQueue<>();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final Thread thread;
        private volatile long checks;

        Sentinel(List<MaintenanceController> cs) {
            thread = new Thread(() -> {
                try {
                    while (!stop.await(1, TimeUnit.MILLISECONDS)) {
                        for (MaintenanceController c : cs) {
                            for (String path : List.of("/", "/api/x", "/admin")) {
                                if (c.decide("h", path).action() == Action.PASS) {
                                    passed.add(c.config().instanceName() + " " + path);
                                }
                            }
                        }
                        checks++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sentinel");
            thread.start();
        }

        long checks() {
            return checks;
        }

        @Override
        public void close() {
            stop.countDown();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean unavailable(RedisCluster cluster) {
        return cluster.stores.stream().map(RedisStateStore::status).noneMatch(StoreStatus::available);
    }

    private static boolean available(RedisCluster cluster) {
        return cluster.stores.stream().map(RedisStateStore::status).allMatch(StoreStatus::available);
    }

    @Test
    void redisKilledAndRestartedEmptyLosesNoStateAndNeverOpensTheSite() throws Exception {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            MaintenanceController c = cluster.instance("c");
            List<MaintenanceController> all = List.of(a, b, c);
            a.enter("ALL", MaintenanceRequest.builder().message("Database upgrade").build());
            await(WAIT).until(() -> all.stream().allMatch(x -> x.decide("h", "/").action()
                    == Action.MAINTENANCE));
            long version = a.snapshot().version();

            try (Sentinel sentinel = new Sentinel(all)) {
                redis.kill();

                await(WAIT).until(() -> unavailable(cluster));
                StoreStatus down = b.storeStatus();
                assertThat(down.detail()).startsWith("unreachable: ");
                assertThat(down.since()).isNotNull();
                assertThatThrownBy(() -> cluster.stores.get(0).clusterStatistics())
                        .isInstanceOf(StateStoreException.class);

                // A change during the outage holds where it was made.
                b.enter("ALL", MaintenanceRequest.builder().message("Upgrade takes longer").build());
                assertThat(b.status("*").maintenanceMessage()).isEqualTo("Upgrade takes longer");
                assertThat(a.status("*").maintenanceMessage()).isEqualTo("Database upgrade");
                assertThat(b.storeStatus().since()).isEqualTo(down.since());

                redis.restart();

                await(WAIT).until(() -> available(cluster));
                await(WAIT).until(() -> all.stream().allMatch(x -> "Upgrade takes longer".equals(
                        x.status("*").maintenanceMessage())));
                long checks = sentinel.checks();
                await(WAIT).until(() -> sentinel.checks() > checks + 10);
                assertThat(sentinel.passed).as("requests that would have passed").isEmpty();
            }
            assertThat(all).allMatch(x -> x.snapshot().version() == b.snapshot().version());
            assertThat(b.snapshot().version()).isGreaterThan(version);
            try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
                assertThat(jedis.hget(prefix + "state", "version")).isEqualTo(Long.toString(b.snapshot().version()));
            }
            MaintenanceController late = cluster.instance("late");
            assertThat(late.decide("h", "/admin").action()).isEqualTo(Action.MAINTENANCE);
        }
    }

    @Test
    void aRestartedRedisGetsTheStateBackWhenNothingChangedMeanwhile() throws Exception {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            a.enter("admin");
            await(WAIT).until(() -> b.decide("h", "/admin").action() == Action.MAINTENANCE);

            redis.restart();

            try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
                await(WAIT).until(() -> Long.toString(a.snapshot().version())
                        .equals(jedis.hget(prefix + "state", "version")));
            }
            await(WAIT).until(() -> available(cluster));
            assertThat(b.decide("h", "/admin").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(a.snapshot().version()).isEqualTo(b.snapshot().version());
        }
    }

    @Test
    void anInstanceStartingWhileRedisIsDownStartsFromItsLocalCopy() throws Exception {
        Path copy = dir.resolve("instance/state.properties");
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController before = cluster.instance("a", cluster.storeBuilder().localCopy(copy));
            before.enter("api", MaintenanceRequest.builder().message("migrating").build());
            before.close();
            redis.kill();

            MaintenanceController after = cluster.instance("a", cluster.storeBuilder().localCopy(copy));

            assertThat(after.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(after.status("api").maintenanceMessage()).isEqualTo("migrating");
            assertThat(after.storeStatus().available()).isFalse();

            redis.restart();

            await(WAIT).until(() -> after.storeStatus().available());
            MaintenanceController other = cluster.instance("b");
            assertThat(other.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        }
    }

    @Test
    void aFlagFileWorksWhileRedisIsDownAndReachesTheOthersWhenItReturns() throws Exception {
        Path flags = Files.createDirectories(dir.resolve("flags"));
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            try (FlagFileWatcher flag = FlagFileWatcher.builder(a, flags).pollInterval(Duration.ofMillis(50))
                    .start()) {
                redis.kill();
                await(WAIT).until(() -> unavailable(cluster));

                Files.writeString(flag.file(), "message=Emergency\n");

                await(WAIT).until(() -> a.decide("h", "/").action() == Action.MAINTENANCE);
                assertThat(b.decide("h", "/").action()).isEqualTo(Action.PASS);

                redis.restart();

                await(WAIT).until(() -> b.decide("h", "/").action() == Action.MAINTENANCE);
                assertThat(b.status("*").maintenanceMessage()).isEqualTo("Emergency");
            }
        }
    }

    /**
     * A save refused while the store resynchronises (after it wrote its outage change back, before
     * the outage ends) reaches Redis too. The watcher holds the worker at that point, so the save
     * lands there every time; the long heartbeat keeps a held worker from looking like an outage.
     */
    @Test
    void aSaveRefusedWhileTheStoreResynchronisesIsWrittenToRedisWhenItEnds() throws Exception {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            RedisStateStore store = cluster.storeBuilder().heartbeat(Duration.ofSeconds(10)).build();
            cluster.stores.add(store);
            Queue<Long> delivered = new ConcurrentLinkedQueue<>();
            CountDownLatch inResync = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            store.watch(s -> {
                delivered.add(s.version());
                if (s.version() == 2) { // delivered by the resync that writes version 2 back
                    inResync.countDown();
                    try {
                        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            await(WAIT).until(() -> store.status().available());
            store.save(state(1, "before"));
            await(WAIT).until(() -> delivered.contains(1L));

            redis.kill();
            await(WAIT).until(() -> !store.status().available());
            assertThatThrownBy(() -> store.save(state(2, "outage"))).isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("unreachable since");

            redis.restart();
            assertThat(inResync.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("resync wrote version 2").isTrue();
            try {
                assertThat(store.status().available()).isFalse();
                assertThatThrownBy(() -> store.save(state(3, "during resync")))
                        .isInstanceOf(StateStoreException.class).hasMessageContaining("unreachable since");
            } finally {
                release.countDown();
            }

            try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
                await(WAIT).until(() -> "3".equals(jedis.hget(prefix + "state", "version")));
            }
            await(WAIT).until(() -> store.status().available());
            assertThat(store.load()).contains(state(3, "during resync"));
            await(WAIT).until(() -> delivered.contains(3L));
        }
    }

    private static StoredState state(long version, String tag) {
        return new StoredState(version, Instant.EPOCH, Map.of(), List.of(), null, null, Map.of("test.writer", tag));
    }

    @Test
    void aRedisThatStopsAnsweringIsNoticedByTheHeartbeatAndRejoinedWhenItAnswersAgain() throws Exception {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            a.enter("ALL");
            await(WAIT).until(() -> b.decide("h", "/").action() == Action.MAINTENANCE && available(cluster));

            redis.freeze();
            try {
                await(WAIT).until(() -> unavailable(cluster));
                // The PING unanswered, or the heartbeat's check of the stored version timed out: whichever first.
                assertThat(b.storeStatus().detail()).matches(
                        "unreachable: (no answer to the subscription heartbeat for 600ms|.*Read timed out)");
                assertThat(b.decide("h", "/").action()).isEqualTo(Action.MAINTENANCE);
            } finally {
                redis.thaw();
            }

            await(WAIT).until(() -> available(cluster));
            b.exit("ALL");
            await(WAIT).until(() -> a.decide("h", "/").action() == Action.PASS);
        }
    }

    @Test
    void aStoreThatNeverReachedRedisSaysSoAndRefusesSavesAtOnce() throws Exception {
        redis.kill();
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");

            assertThat(a.storeStatus().available()).isFalse();
            assertThat(a.storeStatus().detail()).startsWith("unreachable: ");
            a.enter("ALL");
            assertThat(a.decide("h", "/").action()).isEqualTo(Action.MAINTENANCE);

            redis.restart();

            await(WAIT).until(() -> a.storeStatus().available());
            try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
                await(WAIT).until(() -> jedis.hget(prefix + "state", "data") != null);
            }
        }
    }
}
