package io.github.maintenance.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table beside the state table (the audit trail, the instance reports): checked on first use and
 * created when missing and allowed, like the state table. A store that may not create tables finds
 * it created by a DBA, or fails the calls on it (not the state) until one does.
 *
 * <p>Concurrency: {@code ready} is a volatile fact learnt once; the check runs under this object's
 * monitor, so one store creates the table once.
 */
final class SideTable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    private final String table;
    private final String ddl;
    private final String probe;
    private final String what;
    private final boolean createTables;
    private final int timeout;
    private volatile boolean ready;

    /**
     * @param settings the store's settings (may it create tables, statement time-out)
     * @param table  the table name
     * @param ddl    its {@code CREATE TABLE IF NOT EXISTS} statement
     * @param column a column read to find whether the table exists
     * @param what   what the table keeps, for messages
     */
    SideTable(JdbcSettings settings, String table, String ddl, String column, String what) {
        this.table = table;
        this.ddl = ddl;
        this.probe = "SELECT " + column + " FROM " + table + " WHERE 1 = 0";
        this.what = what;
        this.createTables = settings.createTables();
        this.timeout = settings.timeoutSeconds();
    }

    String name() {
        return table;
    }

    /** Makes sure the table exists on {@code c}'s database. */
    synchronized void ensure(Connection c) throws SQLException {
        if (ready) {
            return;
        }
        if (!exists(c)) {
            if (!createTables) {
                throw new SQLException("the table " + table + " does not exist (the store is not allowed to create"
                        + " it: run the DDL of maintenance-jdbc's schema.sql)");
            }
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(timeout);
                s.execute(ddl);
            } catch (SQLException e) {
                if (!exists(c)) { // another instance may have created it at the same time
                    throw new SQLException("cannot create the table " + table + ": " + e.getMessage(),
                            e.getSQLState(), e);
                }
            }
            LOG.info("Created the table {} of the {}", table, what);
        }
        ready = true;
    }

    private boolean exists(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeout);
            s.executeQuery(probe).close();
            return true;
        } catch (SQLException e) {
            if (c.isClosed() || !c.isValid(timeout)) {
                throw e; // the connection failed, not the table
            }
            if (!auto) {
                c.rollback(); // PostgreSQL refuses further statements in a failed transaction
            }
            return false;
        }
    }
}
