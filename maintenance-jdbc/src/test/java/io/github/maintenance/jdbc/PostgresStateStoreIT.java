package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.Awaits.await;

import io.github.maintenance.jdbc.testing.PostgresServerExtension;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The store contract on a real PostgreSQL, propagating by LISTEN/NOTIFY; each test has its own store
 * key. A change without notice is an {@code UPDATE} in plain SQL; notices are interrupted by ending
 * the listeners' server processes, and replayed with {@code pg_notify}.
 */
class PostgresStateStoreIT extends AbstractStateStoreContractTest {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private final List<JdbcStateStore> stores = new ArrayList<>();
    private String key;

    @BeforeEach
    void freshKey() {
        key = PostgresServerExtension.freshKey("contract");
        stores.clear();
    }

    @Override
    protected StateStore createStore() {
        JdbcStateStore s = JdbcStateStore.builder(postgres.server().url(), postgres.server().user(), null).key(key)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300)).build();
        stores.add(s);
        return s;
    }

    // The hooks of the contract's tests of missed, late and interrupted notices.

    /** Updates the row with plain SQL: no notification. */
    @Override
    protected void writeWithoutNotice(StoredState state) {
        try (Connection c = postgres.server().connect()) {
            States.writeWithoutNotice(c, key, state);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the server process of every listener of this test's stores ({@code pg_terminate_backend}). */
    @Override
    protected void interruptNotices() {
        await(Duration.ofSeconds(20)).until(() -> stores.stream().allMatch(s -> s.listenerBackend() != 0));
        try (Connection c = postgres.server().connect();
                PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            for (JdbcStateStore store : stores) {
                s.setInt(1, store.listenerBackend());
                s.executeQuery().close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the notifications of the change from {@code from} to {@code to} again: the delta, then the version. */
    @Override
    protected void replayNotices(StoredState from, StoredState to) {
        try (Connection c = postgres.server().connect();
                PreparedStatement s = c.prepareStatement("SELECT pg_notify('maintenance_events', ?)")) {
            s.setString(1, StateNotice.withDelta(StateDelta.between(from, to), key));
            s.executeQuery().close();
            s.setString(1, StateNotice.plain(to.version(), key));
            s.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
