package io.github.maintenance.jdbc;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Controllers of one application on one database, as separate instances would be. Closes them all. */
final class JdbcCluster implements AutoCloseable {

    private final Supplier<JdbcStateStore.Builder> builders;
    private final List<MaintenanceController> controllers = new ArrayList<>();
    final List<JdbcStateStore> stores = new ArrayList<>();

    /** {@code builders} gives a builder on the shared database and key, tuned for tests. */
    JdbcCluster(Supplier<JdbcStateStore.Builder> builders) {
        this.builders = builders;
    }

    /** A store tuned for tests: quick heartbeat, polling and reconnection. */
    JdbcStateStore.Builder storeBuilder() {
        return builders.get().heartbeat(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(50))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300));
    }

    MaintenanceController instance(String name) {
        return instance(name, storeBuilder());
    }

    MaintenanceController instance(String name, JdbcStateStore.Builder store) {
        JdbcStateStore s = store.build();
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
        for (JdbcStateStore s : stores) {
            s.close(); // idempotent; also closes stores created without a controller
        }
    }
}
