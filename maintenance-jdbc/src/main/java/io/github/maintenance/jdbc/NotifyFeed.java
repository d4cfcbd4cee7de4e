package io.github.maintenance.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL {@code LISTEN}: the store's compare-and-set sends its notifications (see
 * {@link StateNotice}) when it commits, and this feed waits for them
 * ({@code PGConnection.getNotifications} with a time-out) on the listener's connection. Every
 * {@code heartbeat} without a notification for this store's key it reads the stored version (one
 * indexed single-row read, no more than the {@code SELECT 1} it replaces), so that a connection the
 * server closed is noticed, and a listener that missed a notification catches up even when no
 * further change comes. The version read is reported on the next call, after the notifications
 * heard by then: a change committed just before the read has its notification (and delta) on the
 * way, and the listener should not read the row for it. Loaded only when the database is PostgreSQL
 * and its driver is pgjdbc.
 *
 * <p>Concurrency: confined to the listener thread.
 */
final class NotifyFeed implements ChangeFeed {

    private final Connection connection;
    private final PGConnection pg;
    private final StateTable table;
    private final String key;
    private final long heartbeat;
    private long lastHeard;
    /** The version the last heartbeat read, not yet reported; -1 when none. */
    private long checked = -1;

    NotifyFeed(Connection connection, StateTable table, JdbcSettings settings) throws SQLException {
        this.connection = connection;
        this.pg = connection.unwrap(PGConnection.class);
        this.table = table;
        this.key = settings.key();
        this.heartbeat = settings.heartbeat().toNanos();
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(settings.timeoutSeconds());
            s.execute("LISTEN " + settings.channel());
        }
        this.lastHeard = System.nanoTime();
    }

    /** The server process of the listener's connection, for a test that breaks it. */
    int backendPid() {
        return pg.getBackendPID();
    }

    @Override
    public List<StateNotice> await(long millis) throws SQLException {
        PGNotification[] got = pg.getNotifications((int) Math.max(1, millis));
        List<StateNotice> heard = new ArrayList<>(got == null ? 0 : got.length);
        if (got != null) {
            for (PGNotification n : got) {
                StateNotice notice = StateNotice.parse(n.getParameter(), key);
                if (notice != null) {
                    heard.add(notice);
                }
            }
        }
        if (!heard.isEmpty()) {
            lastHeard = System.nanoTime();
        }
        if (checked >= 0) {
            heard.add(StateNotice.of(checked));
            checked = -1;
        } else if (heard.isEmpty() && System.nanoTime() - lastHeard > heartbeat) {
            checked = table.version(connection);
            lastHeard = System.nanoTime();
        }
        return heard;
    }

    @Override
    public String name() {
        return "LISTEN/NOTIFY";
    }
}
