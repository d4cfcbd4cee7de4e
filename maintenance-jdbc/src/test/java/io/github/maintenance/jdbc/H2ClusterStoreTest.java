package io.github.maintenance.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.testing.AbstractClusterStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

/** The cluster store contract on an embedded H2 database; each test has its own database. */
class H2ClusterStoreTest extends AbstractClusterStoreContractTest {

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = "jdbc:h2:mem:instances-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    protected ClusterStore createStore() {
        return builder().build();
    }

    private JdbcStateStore.Builder builder() {
        return JdbcStateStore.builder(url, "sa", "").pollInterval(Duration.ofMillis(20));
    }

    @Override
    protected boolean damageStoredReport(String instance) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                PreparedStatement s = c.prepareStatement(
                        "UPDATE maintenance_instances SET report_text = 'format=1.0\\ninstance=' WHERE instance_name = ?")) {
            s.setString(1, instance);
            return s.executeUpdate() == 1;
        }
    }

    @Test
    void storeKeysKeepSeparateReportsAndTheySurviveReopening() {
        try (JdbcStateStore shop = builder().key("shop").build(); JdbcStateStore blog = builder().key("blog").build()) {
            shop.publishInstance(report("node-1", T0, 1), EXPIRE);
            blog.publishInstance(report("node-1", T0, 2), EXPIRE);
            assertThat(shop.instances(T0)).containsExactly(report("node-1", T0, 1));
            assertThat(blog.instances(T0)).containsExactly(report("node-1", T0, 2));
        }
        try (JdbcStateStore reopened = builder().key("shop").build()) {
            assertThat(reopened.instances(T0)).containsExactly(report("node-1", T0, 1));
        }
    }

    @Test
    void aNonPositiveExpiryIsRefusedAndNothingIsWritten() {
        try (JdbcStateStore s = builder().build()) {
            InstanceReport r = report("node-1", T0, 1);
            assertThatThrownBy(() -> s.publishInstance(r, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expireAfter");
            assertThat(s.instances(T0)).isEmpty();
        }
    }
}
