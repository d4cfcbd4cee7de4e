package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Controllers of one application on one Redis, as separate instances would be. Closes them all. */
final class RedisCluster implements AutoCloseable {

    private final String uri;
    private final String prefix;
    private final List<MaintenanceController> controllers = new ArrayList<>();
    final List<RedisStateStore> stores = new ArrayList<>();

    RedisCluster(String uri, String prefix) {
        this.uri = uri;
        this.prefix = prefix;
    }

    /** A store tuned for tests: quick heartbeat and reconnection, counters every 100 ms. */
    RedisStateStore.Builder storeBuilder() {
        return RedisStateStore.builder(uri).keyPrefix(prefix).heartbeat(Duration.ofMillis(200))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300)).countersInterval(Duration.ofMillis(100));
    }

    MaintenanceController instance(String name) {
        return instance(name, storeBuilder());
    }

    MaintenanceController instance(String name, RedisStateStore.Builder store) {
        RedisStateStore s = store.build();
        stores.add(s);
        MaintenanceController c = MaintenanceController.create(MaintenanceConfig.custom()
                .instanceName(name)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .stateStore(s)
                .build());
        controllers.add(c);
        return c;
    }

    @Override
    public void close() {
        for (MaintenanceController c : controllers) {
            c.close();
        }
        for (RedisStateStore s : stores) {
            s.close(); // idempotent; also closes stores created without a controller
        }
    }
}
