package io.github.maintenance.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL {@code LISTEN}: the store's compare-and-set sends {@code pg_notify(channel, 'VERSION KEY')}
 * when it commits, and this feed waits for those notifications ({@code PGConnection.getNotifications}
 * with a time-out) on the listener's connection. Every {@code heartbeat} without a notification it
 * runs {@code SELECT 1}, so that a connection the server closed is noticed. Loaded only when the
 * database is PostgreSQL and its driver is pgjdbc.
 *
 * <p>Concurrency: confined to the listener thread.
 */
final class NotifyFeed implements ChangeFeed {

    private final Connection connection;
    private final PGConnection pg;
    private final String key;
    private final long heartbeat;
    private final int timeout;
    private long lastHeard;

    NotifyFeed(Connection connection, JdbcSettings settings) throws SQLException {
        this.connection = connection;
        this.pg = connection.unwrap(PGConnection.class);
        this.key = settings.key();
        this.heartbeat = settings.heartbeat().toNanos();
        this.timeout = settings.timeoutSeconds();
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeout);
            s.execute("LISTEN " + settings.channel());
        }
        this.lastHeard = System.nanoTime();
    }

    @Override
    public long await(long millis) throws SQLException {
        PGNotification[] got = pg.getNotifications((int) Math.max(1, millis));
        long newest = -1;
        if (got != null) {
            for (PGNotification n : got) {
                newest = Math.max(newest, versionFor(n.getParameter()));
            }
        }
        if (got != null && got.length > 0) {
            lastHeard = System.nanoTime();
        } else if (System.nanoTime() - lastHeard > heartbeat) {
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout(timeout);
                s.executeQuery("SELECT 1").close();
            }
            lastHeard = System.nanoTime();
        }
        return newest;
    }

    /** The version a payload {@code VERSION KEY} announces for this store's key, or -1. */
    private long versionFor(String payload) {
        int space = payload == null ? -1 : payload.indexOf(' ');
        if (space <= 0 || !payload.substring(space + 1).equals(key)) {
            return -1;
        }
        try {
            return Long.parseLong(payload.substring(0, space));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String name() {
        return "LISTEN/NOTIFY";
    }
}
