package io.github.maintenance.jdbc;

import io.github.maintenance.jdbc.testing.PostgresServerExtension;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.testing.AbstractClusterStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;

/** The cluster store contract on a real PostgreSQL; each test has its own store key. */
class PostgresClusterStoreIT extends AbstractClusterStoreContractTest {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private String key;

    @BeforeEach
    void freshKey() {
        key = PostgresServerExtension.freshKey("instances");
    }

    @Override
    protected ClusterStore createStore() {
        return JdbcStateStore.builder(postgres.server().url(), postgres.server().user(), null).key(key).build();
    }

    @Override
    protected boolean damageStoredReport(String instance) throws Exception {
        try (Connection c = postgres.server().connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE maintenance_instances SET report_text = 'garbage' WHERE store_key = ? AND instance_name = ?")) {
            s.setString(1, key);
            s.setString(2, instance);
            return s.executeUpdate() == 1;
        }
    }
}
