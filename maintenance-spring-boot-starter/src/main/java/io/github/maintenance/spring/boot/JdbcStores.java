package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.jdbc.JdbcStateStore;
import io.github.maintenance.spi.StateStore;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** The JDBC store; loaded only when maintenance-jdbc is on the class path. */
final class JdbcStores {

    private static final String PREFIX = "maintenance.store.jdbc.";

    private static final Pattern INVALID_KEY = Pattern.compile("invalid value for '([^']*)'");

    /** The builder's names of its settings to the properties'. */
    private static final Map<String, String> PROPERTIES = Map.of("tablePrefix", "table-prefix", "key", "key",
            "pollInterval", "poll-interval", "timeout", "timeout", "heartbeat", "heartbeat", "jdbc", "url");

    private JdbcStores() {
    }

    /**
     * The store on {@code maintenance.store.jdbc.url} when set, else on the application's
     * {@code DataSource} ({@code null} when it has none).
     */
    static StateStore create(JdbcStoreProperties jdbc, Supplier<DataSource> applicationDataSource) {
        try {
            JdbcStateStore.Builder b;
            if (jdbc.getUrl() != null && !jdbc.getUrl().isBlank()) {
                b = JdbcStateStore.builder(jdbc.getUrl(), jdbc.getUsername(), jdbc.getPassword());
            } else {
                DataSource dataSource = applicationDataSource.get();
                if (dataSource == null) {
                    throw new InvalidConfigurationPropertyValueException(PREFIX + "url", null,
                            "is required when maintenance.store.type=jdbc and the application has no (single) DataSource");
                }
                b = JdbcStateStore.builder(dataSource);
            }
            return b.tablePrefix(jdbc.getTablePrefix())
                    .key(jdbc.getKey())
                    .createTables(jdbc.isCreateTables())
                    .notifications(jdbc.isNotifications())
                    .pollInterval(jdbc.getPollInterval())
                    .timeout(jdbc.getTimeout())
                    .heartbeat(jdbc.getHeartbeat())
                    .localCopy(jdbc.getLocalCopy())
                    .build();
        } catch (MaintenanceException e) {
            // The library's message never repeats a password (URLs are redacted): it is the reason given.
            String message = String.valueOf(e.getMessage());
            Matcher m = INVALID_KEY.matcher(message);
            String property = m.find() && PROPERTIES.containsKey(m.group(1))
                    ? PREFIX + PROPERTIES.get(m.group(1)) : "maintenance.store.jdbc";
            InvalidConfigurationPropertyValueException named =
                    new InvalidConfigurationPropertyValueException(property, null, message);
            named.initCause(e);
            throw named;
        }
    }
}
