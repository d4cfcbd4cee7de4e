package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.store.InMemoryStateStore;

import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/** Creates the state store {@code maintenance.store.*} names. */
final class StateStores {

    /** Present when maintenance-redis is on the class path. */
    static final String REDIS_STORE_CLASS = "io.github.maintenance.redis.RedisStateStore";

    /** Present when maintenance-jdbc is on the class path. */
    static final String JDBC_STORE_CLASS = "io.github.maintenance.jdbc.JdbcStateStore";

    private StateStores() {
    }

    /**
     * The store; the controller closes it. {@code dataSource} gives the application's
     * {@code DataSource} for type jdbc ({@code null} when it has none); it is asked only then.
     *
     * @throws InvalidConfigurationPropertyValueException for a missing or bad setting
     */
    static StateStore create(StoreProperties store, ClassLoader loader, Supplier<DataSource> dataSource) {
        return switch (store.getType()) {
            case MEMORY -> new InMemoryStateStore();
            case FILE -> file(store.getFile());
            case REDIS -> {
                if (!ClassUtils.isPresent(REDIS_STORE_CLASS, loader)) {
                    throw new InvalidConfigurationPropertyValueException("maintenance.store.type", "redis",
                            "needs io.github.maintenance:maintenance-redis on the class path");
                }
                yield RedisStores.create(store.getRedis());
            }
            case JDBC -> {
                if (!ClassUtils.isPresent(JDBC_STORE_CLASS, loader)) {
                    throw new InvalidConfigurationPropertyValueException("maintenance.store.type", "jdbc",
                            "needs io.github.maintenance:maintenance-jdbc on the class path");
                }
                yield JdbcStores.create(store.getJdbc(), dataSource);
            }
        };
    }

    private static StateStore file(WatchedFileProperties file) {
        if (file.getPath() == null) {
            throw new InvalidConfigurationPropertyValueException("maintenance.store.file.path", null,
                    "is required when maintenance.store.type=file");
        }
        try {
            return FileStateStore.builder(file.getPath()).pollInterval(file.getPollInterval()).build();
        } catch (MaintenanceException e) {
            InvalidConfigurationPropertyValueException named = new InvalidConfigurationPropertyValueException(
                    "maintenance.store.file", file.getPath(), String.valueOf(e.getMessage()));
            named.initCause(e);
            throw named;
        }
    }
}
