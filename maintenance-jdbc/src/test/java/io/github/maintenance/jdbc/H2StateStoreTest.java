package io.github.maintenance.jdbc;

import io.github.maintenance.spi.StateStore;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.UUID;

/** The store contract on an embedded H2 database, propagating by polling; each test has its own database. */
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
}
