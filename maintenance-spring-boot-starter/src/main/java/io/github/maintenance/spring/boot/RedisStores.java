package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.spi.StateStore;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** The Redis store; loaded only when maintenance-redis is on the class path. */
final class RedisStores {

    private RedisStores() {
    }

    static StateStore create(RedisStoreProperties redis) {
        if (redis.getUrl() == null || redis.getUrl().isBlank()) {
            throw new InvalidConfigurationPropertyValueException("maintenance.store.redis.url", null,
                    "is required when maintenance.store.type=redis");
        }
        try {
            RedisStateStore.Builder b = RedisStateStore.builder(redis.getUrl().trim())
                    .keyPrefix(redis.getKeyPrefix())
                    .timeout(redis.getTimeout())
                    .heartbeat(redis.getHeartbeat());
            if (redis.getLocalCopy() != null) {
                b.localCopy(redis.getLocalCopy());
            }
            return b.build();
        } catch (MaintenanceException e) {
            // The URL may hold a password: the message is the library's, which never repeats it.
            InvalidConfigurationPropertyValueException named = new InvalidConfigurationPropertyValueException(
                    "maintenance.store.redis", null, String.valueOf(e.getMessage()));
            named.initCause(e);
            throw named;
        }
    }

    /** Starts publishing the controller's counters when the store is a Redis store. */
    static void publishCounters(StateStore store, MaintenanceController controller) {
        if (store instanceof RedisStateStore redis) {
            redis.publishCountersOf(controller);
        }
    }
}
