package io.github.maintenance.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * How the listener learns that the state changed, on its own connection: PostgreSQL notifications
 * ({@link NotifyFeed}) or polling the version ({@link PollFeed}).
 *
 * <p>Concurrency: confined to the listener thread.
 */
interface ChangeFeed {

    /**
     * Waits up to {@code millis} for changes and returns what was heard of them, oldest first, or an
     * empty list (a waiting feed may return early). Also checks that the connection still answers.
     *
     * @throws SQLException when the connection failed; the listener then reconnects
     */
    List<StateNotice> await(long millis) throws SQLException, InterruptedException;

    /** What the status and logs call the way changes arrive. */
    String name();
}
