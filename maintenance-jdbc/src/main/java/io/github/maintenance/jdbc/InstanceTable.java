package io.github.maintenance.jdbc;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.InstanceReportFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The instances table: one row per store key and instance name, holding the instance's latest
 * report in the {@link InstanceReportFormat} text form, its heartbeat and when it expires (epoch
 * milliseconds, so liveness is measured to the millisecond). Publishing updates the row, or inserts
 * it when there is none (retrying the update when another insert won the race: portable to every
 * database, unlike {@code MERGE} and {@code ON CONFLICT}). Reading deletes the expired rows of the
 * key and skips a damaged one with a WARN.
 *
 * <p>Concurrency: stateless apart from {@link SideTable}; statements run through
 * {@link StateTable#withConnection}. Called from any thread.
 */
final class InstanceTable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    private final StateTable state;
    private final SideTable side;
    private final String table;
    private final String key;
    private final int timeout;

    InstanceTable(JdbcSettings settings, StateTable state) {
        this.state = state;
        this.table = settings.instancesTable();
        this.side = new SideTable(settings, table, ddl(table), "instance_name", "maintenance instance reports");
        this.key = settings.key();
        this.timeout = settings.timeoutSeconds();
    }

    /** The portable DDL of the instances table (also in the {@code schema.sql} resource). */
    static String ddl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                + "    store_key     VARCHAR(100) NOT NULL,\n"
                + "    instance_name VARCHAR(128) NOT NULL,\n"
                + "    heartbeat     BIGINT       NOT NULL,\n"
                + "    expires_at    BIGINT       NOT NULL,\n"
                + "    report_text   TEXT         NOT NULL,\n"
                + "    PRIMARY KEY (store_key, instance_name)\n"
                + ")";
    }

    void publish(InstanceReport report, Duration expireAfter) throws SQLException {
        String text = InstanceReportFormat.encode(report);
        long heartbeat = report.heartbeat().toEpochMilli();
        long expires = report.heartbeat().plus(expireAfter).toEpochMilli();
        state.withConnection(c -> {
            side.ensure(c);
            for (int attempt = 0; ; attempt++) {
                if (update(c, report.instance(), heartbeat, expires, text) > 0) {
                    return null;
                }
                try {
                    insert(c, report.instance(), heartbeat, expires, text);
                    return null;
                } catch (SQLException e) {
                    if (!StateTable.UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt >= 3) {
                        throw e;
                    }
                    // another store inserted the row first: update it
                }
            }
        });
    }

    private int update(Connection c, String instance, long heartbeat, long expires, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                + " SET heartbeat = ?, expires_at = ?, report_text = ? WHERE store_key = ? AND instance_name = ?")) {
            s.setQueryTimeout(timeout);
            s.setLong(1, heartbeat);
            s.setLong(2, expires);
            s.setString(3, text);
            s.setString(4, key);
            s.setString(5, instance);
            return s.executeUpdate();
        }
    }

    private void insert(Connection c, String instance, long heartbeat, long expires, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                + " (heartbeat, expires_at, report_text, store_key, instance_name) VALUES (?, ?, ?, ?, ?)")) {
            s.setQueryTimeout(timeout);
            s.setLong(1, heartbeat);
            s.setLong(2, expires);
            s.setString(3, text);
            s.setString(4, key);
            s.setString(5, instance);
            s.executeUpdate();
        }
    }

    List<InstanceReport> instances(Instant now) throws SQLException {
        long at = now.toEpochMilli();
        return state.withConnection(c -> {
            side.ensure(c);
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM " + table + " WHERE store_key = ? AND expires_at < ?")) {
                s.setQueryTimeout(timeout);
                s.setString(1, key);
                s.setLong(2, at);
                s.executeUpdate();
            }
            List<InstanceReport> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT instance_name, report_text FROM " + table
                    + " WHERE store_key = ? AND expires_at >= ?")) {
                s.setQueryTimeout(timeout);
                s.setString(1, key);
                s.setLong(2, at);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        InstanceReport report = decode(r.getString(1), r.getString(2));
                        if (report != null) {
                            out.add(report);
                        }
                    }
                }
            }
            // In Java: the database's collation may order names otherwise.
            out.sort(Comparator.comparing(InstanceReport::instance));
            return List.copyOf(out);
        });
    }

    private InstanceReport decode(String instance, String text) {
        try {
            InstanceReport r = InstanceReportFormat.decode(text);
            if (!r.instance().equals(instance)) {
                throw new IllegalArgumentException("it names the instance '" + r.instance() + "'");
            }
            return r;
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping the damaged report of instance {} in the table {}: {}",
                    MaintenanceErrors.printable(instance), table, MaintenanceErrors.printable(e.getMessage()));
            return null;
        }
    }

    void remove(String instance) throws SQLException {
        state.withConnection(c -> {
            side.ensure(c);
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM " + table + " WHERE store_key = ? AND instance_name = ?")) {
                s.setQueryTimeout(timeout);
                s.setString(1, key);
                s.setString(2, instance);
                s.executeUpdate();
            }
            return null;
        });
    }
}
