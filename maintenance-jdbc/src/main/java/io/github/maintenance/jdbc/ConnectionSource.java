package io.github.maintenance.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

/**
 * Where the store's connections come from: the application's {@link DataSource} (usually a pool),
 * or a JDBC URL with an optional user and password, through {@link DriverManager} (then the store
 * keeps two connections open: one for its listener, one for its reads and saves).
 *
 * <p>Concurrency: immutable; {@link #open()} is called from any thread.
 */
abstract sealed class ConnectionSource {

    /** A new connection (or one from the pool), in auto-commit mode. */
    abstract Connection open() throws SQLException;

    /** What messages and the status show (never a password). */
    abstract String where();

    /**
     * Whether the store should keep one connection open for its reads and saves: true for a URL
     * (opening a connection costs a round trip or more, a new server process on PostgreSQL), false
     * for a {@code DataSource}, which is usually a pool.
     */
    abstract boolean keepOpen();

    static ConnectionSource of(DataSource dataSource) {
        return new FromDataSource(dataSource);
    }

    static ConnectionSource of(String url, String user, String password) {
        return new FromUrl(url, user, password);
    }

    private static final class FromDataSource extends ConnectionSource {
        private final DataSource dataSource;

        FromDataSource(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        Connection open() throws SQLException {
            Connection c = dataSource.getConnection();
            try {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                return c;
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        @Override
        String where() {
            return "DataSource " + dataSource.getClass().getName();
        }

        @Override
        boolean keepOpen() {
            return false;
        }
    }

    private static final class FromUrl extends ConnectionSource {
        private final String url;
        private final Properties properties = new Properties();

        FromUrl(String url, String user, String password) {
            this.url = url;
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
        }

        @Override
        Connection open() throws SQLException {
            return DriverManager.getConnection(url, properties);
        }

        @Override
        String where() {
            return redact(url);
        }

        @Override
        boolean keepOpen() {
            return true;
        }
    }

    /**
     * The URL without the values of its password parameters ({@code password=}, and any parameter
     * whose name ends in {@code password}) and without user information before an {@code @}.
     */
    static String redact(String url) {
        String s = url.replaceAll("(?i)([?&;:]\\s*[a-z_.]*password\\s*=)[^&;]*", "$1***");
        return s.replaceAll("//[^/@?;]*@", "//***@");
    }
}
