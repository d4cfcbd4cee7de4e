package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StoredState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

/** Three controllers on one embedded H2 database: changes reach the others by polling. */
@Timeout(60)
class H2ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void aChangeOnOneInstanceReachesTheOthersByPolling() {
        try (JdbcCluster cluster = new JdbcCluster(() -> JdbcStateStore.builder(url, "sa", "").tablePrefix("app_"))) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            MaintenanceController c = cluster.instance("c");
            await(WAIT).until(() -> cluster.stores.stream().allMatch(s -> s.propagation().equals("polling")));

            b.enter("admin", MaintenanceRequest.builder().message("Reindexing").build());

            await(WAIT).until(() -> a.decide("h", "/admin").action() == Action.MAINTENANCE
                    && c.decide("h", "/admin").action() == Action.MAINTENANCE);
            assertThat(a.status("admin").maintenanceMessage()).isEqualTo("Reindexing");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);

            a.exit("admin");

            await(WAIT).until(() -> b.decide("h", "/admin").action() == Action.PASS
                    && c.decide("h", "/admin").action() == Action.PASS);
            assertThat(List.of(a, b, c)).allMatch(x -> x.snapshot().version() == a.snapshot().version());
        }
    }

    @Test
    void aStaleVersionIsRefusedAndTheNewerStateStays() {
        try (JdbcStateStore ahead = JdbcStateStore.builder(url, "sa", "").build();
                JdbcStateStore behind = JdbcStateStore.builder(url, "sa", "").build()) {
            StoredState five = new StoredState(5, Instant.EPOCH, Map.of(), List.of(), null, null,
                    Map.of("test.writer", "ahead"));
            ahead.save(five);

            assertThatThrownBy(() -> behind.save(five.withVersion(4))).isInstanceOf(StaleStateException.class)
                    .hasMessage("stale state: version 4 is not newer than the stored version 5");

            assertThat(behind.load()).contains(five);
        }
    }

    @Test
    void aStoreOnADataSourceSharesTheStateWithOneOnTheUrl() {
        CountingDataSource dataSource = new CountingDataSource(url);
        try (JdbcCluster cluster = new JdbcCluster(() -> JdbcStateStore.builder(url, "sa", ""))) {
            MaintenanceController byUrl = cluster.instance("url");
            MaintenanceController pooled = cluster.instance("data-source",
                    JdbcStateStore.builder(dataSource).pollInterval(Duration.ofMillis(50)));

            byUrl.enter("api");

            await(WAIT).until(() -> pooled.decide("h", "/api").action() == Action.MAINTENANCE);
            assertThat(pooled.storeStatus().store())
                    .isEqualTo("jdbc DataSource " + CountingDataSource.class.getName()
                            + " table maintenance_state key default");
            assertThat(dataSource.opened.get()).as("connections borrowed").isGreaterThan(1);
        }
    }

    @Test
    void storesWithDifferentKeysInOneTableDoNotSeeEachOther() {
        try (JdbcStateStore shop = JdbcStateStore.builder(url, "sa", "").key("shop").build();
                JdbcStateStore blog = JdbcStateStore.builder(url, "sa", "").key("blog").build()) {
            shop.save(new StoredState(1, Instant.EPOCH, Map.of(), List.of(), null, null));

            assertThat(blog.load()).isEmpty();
            assertThat(shop.toString()).isEqualTo("jdbc " + url + " table maintenance_state key shop");
        }
    }

    /** A {@link DataSource} on {@code DriverManager} that counts the connections it gives out. */
    private static final class CountingDataSource implements DataSource {
        final AtomicInteger opened = new AtomicInteger();
        private final String url;

        CountingDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return getConnection("sa", "");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            opened.incrementAndGet();
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
