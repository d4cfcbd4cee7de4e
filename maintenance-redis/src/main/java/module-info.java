/** The Redis state store of the maintenance mode: shared state, pub/sub propagation, cluster counters. */
module io.github.maintenance.redis {
    requires transitive io.github.maintenance.core;
    requires org.slf4j;
    requires redis.clients.jedis;

    exports io.github.maintenance.redis;
}
