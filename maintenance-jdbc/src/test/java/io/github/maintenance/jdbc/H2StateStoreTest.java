package io.github.maintenance.jdbc;

import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * The store contract on an embedded H2 database, propagating by polling; each test has its own
 * database. A change without notice is an {@code UPDATE} in plain SQL (polling has no notices to
 * interrupt or replay).
 */
class H2StateStoreTest extends AbstractStateStoreContractTest {

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = "jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    protected StateStore createStore() {
        return JdbcStateStore.builder(url, "sa", "").pollInterval(Duration.ofMillis(20)).build();
    }

    /** Updates the row with plain SQL, the hook of the contract's tests of missed changes. */
    @Override
    protected void writeWithoutNotice(StoredState state) {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            States.writeWithoutNotice(c, JdbcStateStore.DEFAULT_KEY, state);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
