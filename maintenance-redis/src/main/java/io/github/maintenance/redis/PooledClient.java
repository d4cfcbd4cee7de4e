package io.github.maintenance.redis;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens the pooled Redis client on whichever Jedis major the application has: {@code RedisClient}
 * (Jedis 8, which removed {@code JedisPooled}) or {@code JedisPooled} (Jedis 6 and 7, which Spring
 * Boot 3.5 and 4.0 manage). Both are a {@link UnifiedJedis}, and the store only calls methods that
 * class has in all three majors. {@code JedisPooled} is reached by reflection because this module is
 * compiled against Jedis 8, where it no longer exists.
 */
final class PooledClient {

    private static final boolean REDIS_CLIENT = present("redis.clients.jedis.RedisClient");

    private PooledClient() {
    }

    static UnifiedJedis open(ConnectionPoolConfig pool, HostAndPort address, JedisClientConfig config) {
        return REDIS_CLIENT ? Jedis8.open(pool, address, config) : legacy(pool, address, config);
    }

    private static UnifiedJedis legacy(ConnectionPoolConfig pool, HostAndPort address,
            JedisClientConfig config) {
        Constructor<?> pooled;
        try {
            pooled = Class.forName("redis.clients.jedis.JedisPooled", true, UnifiedJedis.class.getClassLoader())
                    .getConstructor(ConnectionPoolConfig.class.getSuperclass(), HostAndPort.class, JedisClientConfig.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Jedis version on the class path (need 6.x, 7.x or 8.x): "
                    + "neither redis.clients.jedis.RedisClient nor JedisPooled(pool, address, config) found", e);
        }
        try {
            return (UnifiedJedis) pooled.newInstance(pool, address, config);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot open the Redis client", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot open the Redis client", e);
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, UnifiedJedis.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when {@code RedisClient} is on the class path. */
    private static final class Jedis8 {
        private Jedis8() {
        }

        static UnifiedJedis open(ConnectionPoolConfig pool, HostAndPort address,
                JedisClientConfig config) {
            return RedisClient.builder().hostAndPort(address).clientConfig(config).poolConfig(pool).build();
        }
    }
}
