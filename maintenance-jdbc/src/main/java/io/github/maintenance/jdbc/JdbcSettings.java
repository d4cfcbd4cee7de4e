package io.github.maintenance.jdbc;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceErrors;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The validated settings of one {@link JdbcStateStore}: what {@link JdbcStateStore.Builder#build()}
 * checks (each value in turn, naming the bad one) and derives (the table and channel names).
 *
 * <p>Concurrency: immutable once built; shared freely by the store's collaborators.
 */
record JdbcSettings(ConnectionSource source, String tablePrefix, String key, boolean createTables,
        boolean notifications, Duration pollInterval, Duration timeout, Duration heartbeat, Duration minBackoff,
        Duration maxBackoff, Path localCopy, Clock clock) {

    /** A table prefix: an SQL identifier start, 1 to 40 letters, digits and underscores. */
    private static final String PREFIX = "[A-Za-z_][A-Za-z0-9_]{0,39}";

    static JdbcSettings validate(ConnectionSource source, String tablePrefix, String key, boolean createTables,
            boolean notifications, Duration pollInterval, Duration timeout, Duration heartbeat, Duration minBackoff,
            Duration maxBackoff, Path localCopy, Clock clock) {
        if (tablePrefix == null || !tablePrefix.matches(PREFIX)) {
            throw MaintenanceErrors.invalidConfig("tablePrefix", tablePrefix,
                    "1 to 40 letters, digits and underscores, not starting with a digit");
        }
        if (key == null || key.isEmpty() || key.length() > 100 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw MaintenanceErrors.invalidConfig("key", key, "1 to 100 printable ASCII characters without spaces");
        }
        check("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
        check("timeout", timeout, Duration.ofSeconds(1), Duration.ofMinutes(1));
        check("heartbeat", heartbeat, Duration.ofMillis(50), Duration.ofMinutes(1));
        check("minBackoff", minBackoff, Duration.ofMillis(10), Duration.ofMinutes(5));
        check("maxBackoff", maxBackoff, minBackoff, Duration.ofMinutes(5));
        if (clock == null) {
            throw MaintenanceErrors.invalidConfig("clock", null, "is required");
        }
        return new JdbcSettings(source, tablePrefix, key, createTables, notifications, pollInterval, timeout,
                heartbeat, minBackoff, maxBackoff, localCopy, clock);
    }

    /** Where the database is, for messages: the URL without passwords, or the DataSource's class. */
    String where() {
        return source.where();
    }

    /** What {@code toString()} and the status show: {@code jdbc WHERE table T key K}. */
    String description() {
        return "jdbc " + where() + " table " + stateTable() + " key " + key;
    }

    /** The state table: one row per store key. */
    String stateTable() {
        return tablePrefix + "state";
    }

    /** The audit table: the entries of every store key. */
    String auditTable() {
        return tablePrefix + "audit";
    }

    /** The instances table: the latest report of each instance of every store key. */
    String instancesTable() {
        return tablePrefix + "instances";
    }

    /** The PostgreSQL notification channel (an unquoted identifier, so lower case). */
    String channel() {
        return (tablePrefix + "events").toLowerCase(Locale.ROOT);
    }

    /** {@link #timeout()} in whole seconds, for {@code Statement.setQueryTimeout}. */
    int timeoutSeconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    public String toString() {
        return description();
    }

    private static void check(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw MaintenanceErrors.invalidConfig(key, value == null ? null : Durations.format(value),
                    "must be " + Durations.format(min) + " to " + Durations.format(max));
        }
    }
}
