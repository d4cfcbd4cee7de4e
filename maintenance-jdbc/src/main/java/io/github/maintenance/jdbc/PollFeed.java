package io.github.maintenance.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Polling: reads the stored version every {@code pollInterval} on the listener's connection (one
 * indexed single-row read), for databases without notifications. It has no payload to carry a
 * delta, so a listener that does not hold a newer version reads the row.
 *
 * <p>Concurrency: confined to the listener thread.
 */
final class PollFeed implements ChangeFeed {

    private final Connection connection;
    private final StateTable table;
    private final long interval;
    private final StoreWorker worker;
    private long nextPoll;

    PollFeed(Connection connection, StateTable table, JdbcSettings settings, StoreWorker worker) {
        this.connection = connection;
        this.table = table;
        this.interval = settings.pollInterval().toNanos();
        this.worker = worker;
        this.nextPoll = System.nanoTime();
    }

    @Override
    public List<StateNotice> await(long millis) throws SQLException, InterruptedException {
        long wait = Math.min(millis, Math.max(0, (nextPoll - System.nanoTime()) / 1_000_000));
        if (wait > 0 && worker.awaitClose(wait)) {
            return List.of();
        }
        if (System.nanoTime() - nextPoll < 0) {
            return List.of();
        }
        nextPoll = System.nanoTime() + interval;
        long version = table.version(connection);
        return version < 0 ? List.of() : List.of(StateNotice.of(version));
    }

    @Override
    public String name() {
        return "polling";
    }
}
