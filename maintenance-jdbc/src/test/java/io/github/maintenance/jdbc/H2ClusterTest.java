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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
    void storesWithDifferentKeysInOneTableDoNotSeeEachOther() {
        try (JdbcStateStore shop = JdbcStateStore.builder(url, "sa", "").key("shop").build();
                JdbcStateStore blog = JdbcStateStore.builder(url, "sa", "").key("blog").build()) {
            shop.save(new StoredState(1, Instant.EPOCH, Map.of(), List.of(), null, null));

            assertThat(blog.load()).isEmpty();
            assertThat(shop.toString()).isEqualTo("jdbc " + url + " table maintenance_state key shop");
        }
    }
}
