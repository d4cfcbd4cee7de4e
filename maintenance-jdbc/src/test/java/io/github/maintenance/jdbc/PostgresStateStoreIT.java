package io.github.maintenance.jdbc;

import io.github.maintenance.jdbc.testing.PostgresServerExtension;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL, propagating by LISTEN/NOTIFY; each test has its own store key. */
class PostgresStateStoreIT extends AbstractStateStoreContractTest {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private String key;

    @BeforeEach
    void freshKey() {
        key = PostgresServerExtension.freshKey("contract");
    }

    @Override
    protected StateStore createStore() {
        return JdbcStateStore.builder(postgres.server().url(), postgres.server().user(), null).key(key).build();
    }
}
