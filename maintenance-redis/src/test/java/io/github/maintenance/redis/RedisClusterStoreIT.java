package io.github.maintenance.redis;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.testing.AbstractClusterStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import redis.clients.jedis.Jedis;

/** The cluster store contract on a real redis-server; each test gets its own key prefix. */
class RedisClusterStoreIT extends AbstractClusterStoreContractTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = RedisServerExtension.freshPrefix("reports");
    }

    @Override
    protected ClusterStore createStore() {
        return builder().build();
    }

    private RedisStateStore.Builder builder() {
        return RedisStateStore.builder(redis.uri()).keyPrefix(prefix);
    }

    @Override
    protected boolean damageStoredReport(String instance) {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.hset(prefix + "reports", instance, "format=1.0\ninstance=" + instance + "\nheartbeat=never");
            return true;
        }
    }

    @Test
    void reportsSurviveReopeningAndExpiredOnesAreDeleted() {
        try (RedisStateStore a = builder().build()) {
            a.publishInstance(report("node-1", T0, 1), EXPIRE);
            a.publishInstance(report("node-2", T0, 1), Duration.ofMinutes(5));
        }
        try (RedisStateStore reopened = builder().build(); Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            assertThat(reopened.instances(T0)).containsExactly(report("node-1", T0, 1), report("node-2", T0, 1));
            assertThat(reopened.instances(T0.plus(Duration.ofMinutes(1)))).containsExactly(report("node-2", T0, 1));
            assertThat(jedis.hkeys(prefix + "reports")).containsExactly("node-2");
            assertThat(jedis.zcard(prefix + "reports:expiry")).isEqualTo(1);
        }
    }

    @Test
    void reportsAndCountersKeepSeparateKeys() {
        try (RedisCluster cluster = new RedisCluster(redis.uri(), prefix)) {
            MaintenanceController controller = cluster.instance("node-1");
            RedisStateStore s = cluster.stores.get(0);
            s.publishCountersOf(controller);
            s.publishInstance(report("node-9", T0, 1), EXPIRE);
            await(Duration.ofSeconds(10)).until(() -> s.clusterStatistics().instances().size() == 1);
            assertThat(s.clusterStatistics().instances()).extracting(InstanceStatistics::instance)
                    .containsExactly("node-1");
            assertThat(s.instances(T0)).extracting(InstanceReport::instance).containsExactly("node-9");
        }
    }
}
