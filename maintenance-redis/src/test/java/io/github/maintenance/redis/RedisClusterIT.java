package io.github.maintenance.redis;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision;
import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.Jedis;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Three instances of one application on a real redis-server: propagation, late joiners, prefixes, counters. */
class RedisClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = RedisServerExtension.freshPrefix("cluster");
    }

    private static boolean all(List<MaintenanceController> cs, String path, Action action) {
        return cs.stream().allMatch(c -> c.decide("shop.example.com", path).action() == action);
    }

    @Test
    void aChangeOnOneInstanceReachesTheOtherTwo() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            MaintenanceController c = cluster.instance("c");
            List<MaintenanceController> all = List.of(a, b, c);

            a.enter(Target.parse("admin,/reports"), MaintenanceRequest.builder().message("Back at noon").build(),
                    Cause.api("deploy"));

            await(WAIT).until(() -> all(all, "/admin/users", Action.MAINTENANCE)
                    && all(all, "/reports/2026", Action.MAINTENANCE));
            assertThat(all(all, "/api", Action.PASS)).isTrue();
            for (MaintenanceController x : all) {
                assertThat(x.status("admin").maintenanceMessage()).isEqualTo("Back at noon");
                assertThat(x.snapshot().version()).isEqualTo(a.snapshot().version());
            }

            c.enter("ALL");
            await(WAIT).until(() -> all(all, "/api", Action.MAINTENANCE));

            b.exit("ALL");
            await(WAIT).until(() -> all(all, "/admin", Action.PASS) && all(all, "/api", Action.PASS)
                    && all(all, "/reports", Action.PASS));
            assertThat(a.routes()).hasSize(3);
        }
    }

    @Test
    void anInstanceStartedLaterServesTheCurrentState() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            a.startDrain("ALL", Duration.ofMinutes(10));
            a.enter("api");

            MaintenanceController late = cluster.instance("late");

            assertThat(late.snapshot().version()).isEqualTo(a.snapshot().version());
            assertThat(late.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(late.status("*").draining()).isTrue();
            assertThat(late.storeStatus().available()).isTrue();
        }
    }

    @Test
    void applicationsWithDifferentPrefixesDoNotSeeEachOther() {
        try (RedisCluster shop = new RedisCluster(redis.uri(), prefix);
                RedisCluster blog = new RedisCluster(redis.uri(), prefix + "blog:")) {
            MaintenanceController shop1 = shop.instance("shop-1");
            MaintenanceController shop2 = shop.instance("shop-2");
            MaintenanceController blog1 = blog.instance("blog-1");

            shop1.enter("ALL");

            await(WAIT).until(() -> shop2.decide("h", "/").action() == Action.MAINTENANCE);
            assertThat(blog1.decide("h", "/").action()).isEqualTo(Action.PASS);
            assertThat(blog1.snapshot().version()).isZero();
        }
    }

    @Test
    void theStateInRedisIsTheDocumentedTextUnderThePrefix() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix);
                Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            MaintenanceController a = cluster.instance("a");
            a.enter("admin");

            Map<String, String> hash = jedis.hgetAll(prefix + "state");

            assertThat(hash.get("version")).isEqualTo(Long.toString(a.snapshot().version()));
            StoredState stored = StoredStateFormat.decode(hash.get("data"));
            assertThat(stored.routeStates()).containsOnlyKeys("admin");
            assertThat(a.storeStatus().store()).isEqualTo("redis redis://127.0.0.1:" + redis.port() + "/0 prefix "
                    + prefix);
        }
    }

    @Test
    void countersOfEveryInstanceAddUpToClusterTotals() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            a.enter("admin");
            await(WAIT).until(() -> b.decide("h", "/admin").action() == Action.MAINTENANCE);
            hit(a, 3);
            hit(b, 4);
            RedisStateStore storeA = cluster.stores.get(0);
            storeA.publishCountersOf(a);
            cluster.stores.get(1).publishCountersOf(b);

            await(WAIT).until(() -> storeA.clusterStatistics().totals().maintenanceHits() == 7);

            ClusterStatistics stats = storeA.clusterStatistics();
            assertThat(stats.instances()).extracting(InstanceStatistics::instance).containsExactlyInAnyOrder("a", "b");
            assertThat(stats.routes().get("admin").maintenanceHits()).isEqualTo(7);
            assertThat(stats.routes().get("api").maintenanceHits()).isZero();
            InstanceStatistics ofB = stats.instances().stream().filter(i -> i.instance().equals("b")).findFirst()
                    .orElseThrow();
            assertThat(ofB.totals().maintenanceHits()).isEqualTo(4);
            assertThat(ofB.stateVersion()).isEqualTo(b.snapshot().version());
        }
    }

    @Test
    void anInstanceThatStopsPublishingDropsOutOfTheTotals() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            cluster.stores.get(0).publishCountersOf(a);
            cluster.stores.get(1).publishCountersOf(b);
            RedisStateStore storeA = cluster.stores.get(0);
            await(WAIT).until(() -> storeA.clusterStatistics().instances().size() == 2);

            cluster.stores.get(1).close();

            await(WAIT).until(() -> storeA.clusterStatistics().instances().size() == 1);
            assertThat(storeA.clusterStatistics().instances().get(0).instance()).isEqualTo("a");
        }
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> RedisStateStore.builder(redis.uri()).keyPrefix("has space").build())
                .hasMessage("invalid value for 'keyPrefix': 'has space' (1 to 64 printable ASCII characters without "
                        + "spaces)");
    }

    private static void hit(MaintenanceController c, int n) {
        for (int i = 0; i < n; i++) {
            Decision d = c.decide("h", "/admin");
            assertThat(d.action()).isEqualTo(Action.MAINTENANCE);
            d.recordBlocked();
        }
    }
}
