package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.jdbc.testing.PostgresServerExtension;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StoredState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Three controllers on one real PostgreSQL: a change on one reaches the others through
 * LISTEN/NOTIFY (the poll interval is set to a minute, so polling cannot be what delivers it), and
 * no instance overwrites newer state with older.
 */
@Timeout(120)
class PostgresClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private String key;

    @BeforeEach
    void freshKey() {
        key = PostgresServerExtension.freshKey("cluster");
    }

    private JdbcCluster cluster() {
        return new JdbcCluster(() -> JdbcStateStore.builder(postgres.server().url(), postgres.server().user(), null)
                .key(key));
    }

    private static StoredState state(long version, String tag) {
        return new StoredState(version, Instant.EPOCH, Map.of(), List.of(), null, null, Map.of("test.writer", tag));
    }

    @Test
    void aChangeOnOneInstanceReachesTheOthersThroughNotifications() throws Exception {
        try (JdbcCluster cluster = cluster()) {
            JdbcStateStore.Builder noPolling = cluster.storeBuilder().pollInterval(Duration.ofMinutes(1));
            MaintenanceController a = cluster.instance("a", noPolling);
            MaintenanceController b = cluster.instance("b", cluster.storeBuilder().pollInterval(Duration.ofMinutes(1)));
            MaintenanceController c = cluster.instance("c", cluster.storeBuilder().pollInterval(Duration.ofMinutes(1)));
            await(WAIT).until(() -> cluster.stores.stream().allMatch(s -> s.propagation().equals("LISTEN/NOTIFY")));

            a.enter("api", MaintenanceRequest.builder().message("Upgrading the API").build());

            await(WAIT).until(() -> b.decide("h", "/api/x").action() == Action.MAINTENANCE
                    && c.decide("h", "/api/x").action() == Action.MAINTENANCE);
            assertThat(c.status("api").maintenanceMessage()).isEqualTo("Upgrading the API");
            assertThat(b.decide("h", "/admin").action()).isEqualTo(Action.PASS);

            c.exit("api");

            await(WAIT).until(() -> a.decide("h", "/api/x").action() == Action.PASS
                    && b.decide("h", "/api/x").action() == Action.PASS);
            assertThat(List.of(a, b, c)).allMatch(x -> x.snapshot().version() == c.snapshot().version());
            try (Connection conn = postgres.server().connect(); PreparedStatement s = conn.prepareStatement(
                    "SELECT state_version FROM maintenance_state WHERE store_key = ?")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getLong(1)).isEqualTo(c.snapshot().version());
                }
            }
        }
    }

    @Test
    void anInstanceThatMissedNewerStateCannotOverwriteIt() {
        try (JdbcCluster cluster = cluster()) {
            JdbcStateStore ahead = cluster.storeBuilder().build();
            JdbcStateStore behind = cluster.storeBuilder().build();
            cluster.stores.add(ahead);
            cluster.stores.add(behind);
            ahead.save(state(5, "ahead"));

            assertThatThrownBy(() -> behind.save(state(3, "behind"))).isInstanceOf(StaleStateException.class)
                    .hasMessage("stale state: version 3 is not newer than the stored version 5");
            assertThatThrownBy(() -> behind.save(state(5, "behind"))).isInstanceOf(StaleStateException.class);

            assertThat(behind.load()).contains(state(5, "ahead"));
        }
    }

    @Test
    void withoutNotificationsTheStorePollsPostgresToo() {
        try (JdbcCluster cluster = cluster()) {
            MaintenanceController a = cluster.instance("a", cluster.storeBuilder().notifications(false));
            MaintenanceController b = cluster.instance("b", cluster.storeBuilder().notifications(false));
            await(WAIT).until(() -> cluster.stores.stream().allMatch(s -> s.propagation().equals("polling")));

            a.enter("admin");

            await(WAIT).until(() -> b.decide("h", "/admin").action() == Action.MAINTENANCE);
        }
    }
}
