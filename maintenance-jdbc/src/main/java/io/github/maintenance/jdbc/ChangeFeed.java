package io.github.maintenance.jdbc;

import java.sql.SQLException;

/**
 * How the listener learns that the state changed, on its own connection: PostgreSQL notifications
 * ({@link NotifyFeed}) or polling the version ({@link PollFeed}).
 *
 * <p>Concurrency: confined to the listener thread.
 */
interface ChangeFeed {

    /**
     * Waits up to {@code millis} for a change and returns the newest version heard of, or -1 when
     * none (a waiting feed may return early). Also checks that the connection still answers.
     *
     * @throws SQLException when the connection failed; the listener then reconnects
     */
    long await(long millis) throws SQLException, InterruptedException;

    /** What the status and logs call the way changes arrive. */
    String name();
}
