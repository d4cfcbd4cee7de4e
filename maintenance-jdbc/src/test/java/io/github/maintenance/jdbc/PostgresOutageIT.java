package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.jdbc.testing.PostgresServer;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.Totals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL stopped ({@code pg_ctl stop -m fast}) and started again on the same port mid-run:
 * instances keep their state, say so in their status, refuse saves at once, and resynchronise when
 * it returns.
 */
@Timeout(180)
class PostgresOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private PostgresServer postgres;

    @BeforeEach
    void startPostgres() throws Exception {
        postgres = PostgresServer.create();
    }

    @AfterEach
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private JdbcCluster cluster() {
        return new JdbcCluster(() -> JdbcStateStore.builder(postgres.url() + "?connectTimeout=2", postgres.user(),
                null));
    }

    private static boolean unavailable(JdbcCluster cluster) {
        return cluster.stores.stream().map(JdbcStateStore::status).allMatch(StoreStatus::unreachable);
    }

    private static boolean available(JdbcCluster cluster) {
        return cluster.stores.stream().map(JdbcStateStore::status).allMatch(StoreStatus::available);
    }

    @Test
    void aStoppedDatabaseKeepsTheLastStateAndARestartedOneIsResynchronised() throws Exception {
        try (JdbcCluster cluster = cluster()) {
            MaintenanceController a = cluster.instance("a");
            MaintenanceController b = cluster.instance("b");
            MaintenanceController c = cluster.instance("c");
            List<MaintenanceController> all = List.of(a, b, c);
            a.enter("ALL", MaintenanceRequest.builder().message("Database upgrade").build());
            await(WAIT).until(() -> all.stream().allMatch(x -> x.decide("h", "/").action() == Action.MAINTENANCE)
                    && available(cluster));
            long version = a.snapshot().version();

            postgres.stop();

            await(WAIT).until(() -> unavailable(cluster));
            StoreStatus down = b.storeStatus();
            assertThat(down.detail()).startsWith("unreachable: ");
            assertThat(down.since()).isNotNull();
            assertThat(all).allMatch(x -> x.decide("h", "/api").action() == Action.MAINTENANCE);
            try (JdbcStateStore spare = cluster.storeBuilder().build()) { // closed before it could write back
                await(WAIT).until(() -> spare.status().detail().startsWith("unreachable: "));
                assertThatThrownBy(() -> spare.save(state(version + 100, "outage")))
                        .isInstanceOf(StateStoreException.class).hasMessageContaining("unreachable since");
            }

            // A change during the outage holds where it was made, and is written back when the database returns.
            b.enter("ALL", MaintenanceRequest.builder().message("Upgrade takes longer").build());
            assertThat(b.status("*").maintenanceMessage()).isEqualTo("Upgrade takes longer");
            assertThat(a.status("*").maintenanceMessage()).isEqualTo("Database upgrade");

            postgres.start();

            await(WAIT).until(() -> available(cluster));
            await(WAIT).until(() -> all.stream().allMatch(x -> "Upgrade takes longer".equals(
                    x.status("*").maintenanceMessage())));
            assertThat(all).allMatch(x -> x.snapshot().version() == b.snapshot().version());
            assertThat(b.snapshot().version()).isGreaterThan(version);
            assertThat(cluster.stores.get(0).load()).map(StoredState::version).contains(b.snapshot().version());

            c.exit("ALL");
            await(WAIT).until(() -> a.decide("h", "/").action() == Action.PASS
                    && b.decide("h", "/").action() == Action.PASS);
        }
    }

    @Test
    void aStoreThatNeverReachedTheDatabaseSaysSoAndWritesItsStateWhenItComes() throws Exception {
        postgres.stop();
        try (JdbcCluster cluster = cluster()) {
            MaintenanceController a = cluster.instance("a");

            assertThat(a.storeStatus().available()).isFalse();
            a.enter("admin");
            assertThat(a.decide("h", "/admin").action()).isEqualTo(Action.MAINTENANCE);

            postgres.start();

            await(WAIT).until(() -> a.storeStatus().available());
            MaintenanceController late = cluster.instance("late");
            assertThat(late.decide("h", "/admin").action()).isEqualTo(Action.MAINTENANCE);
        }
    }

    @Test
    void anInstanceStartingWhileTheDatabaseIsDownStartsFromItsLocalCopy(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("instance/state.properties");
        try (JdbcCluster cluster = cluster()) {
            MaintenanceController before = cluster.instance("a", cluster.storeBuilder().localCopy(copy));
            before.enter("api", MaintenanceRequest.builder().message("migrating").build());
            before.close();
            postgres.stop();

            MaintenanceController after = cluster.instance("a", cluster.storeBuilder().localCopy(copy));

            assertThat(after.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(after.status("api").maintenanceMessage()).isEqualTo("migrating");
            assertThat(after.storeStatus().available()).isFalse();

            postgres.start();

            await(WAIT).until(() -> after.storeStatus().available());
            MaintenanceController other = cluster.instance("b");
            assertThat(other.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        }
    }

    private static StoredState state(long version, String tag) {
        return new StoredState(version, Instant.EPOCH, Map.of(), List.of(), null, null, Map.of("test.writer", tag));
    }

    @Test
    void duringAnOutageTheTrailAndReportsFailAtOnceAndTheTrailIsThereAfterIt() throws Exception {
        AuditEntry first = new AuditEntry(Instant.parse("2027-01-10T02:00:00Z"), "a", Cause.Source.API, "ops", "",
                "enter", "ALL", List.of(), Map.of(), Map.of(), "", 1);
        AuditEntry second = new AuditEntry(first.time().plusSeconds(60), "a", Cause.Source.API, "ops", "", "exit",
                "ALL", List.of(), Map.of(), Map.of(), "", 2);
        InstanceReport report = new InstanceReport("a", first.time(), first.time(), 1, true,
                new Totals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        try (JdbcCluster cluster = cluster()) {
            JdbcStateStore store = cluster.storeBuilder().build();
            cluster.stores.add(store);
            store.appendAudit(List.of(first), AuditPolicy.defaults(), first.time());
            postgres.stop();
            await(WAIT).until(() -> store.status().unreachable());

            assertThatThrownBy(() -> store.appendAudit(List.of(second), AuditPolicy.defaults(), second.time()))
                    .isInstanceOf(StateStoreException.class).hasMessageContaining("unreachable");
            assertThatThrownBy(() -> store.publishInstance(report, Duration.ofSeconds(30)))
                    .isInstanceOf(StateStoreException.class).hasMessageContaining("unreachable");

            postgres.start();
            await(WAIT).until(() -> store.status().available());
            store.appendAudit(List.of(second), AuditPolicy.defaults(), second.time());
            assertThat(store.recentAudit(AuditPolicy.defaults(), second.time())).containsExactly(first, second);
        }
    }

    @Test
    void aDbaCreatedTableIsUsedWithoutTheRightToCreateTables() throws Exception {
        postgres.execute(JdbcStateStore.ddl("shop_"),
                JdbcStateStore.ddlStatements("old_").get(0),
                "CREATE ROLE app LOGIN",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON shop_state, shop_audit, shop_instances, old_state TO app");
        try (JdbcStateStore writer = JdbcStateStore.builder(postgres.url(), "app", null).tablePrefix("shop_").build();
                JdbcStateStore other = JdbcStateStore.builder(postgres.url(), "app", null).tablePrefix("other_")
                        .build();
                JdbcStateStore old = JdbcStateStore.builder(postgres.url(), "app", null).tablePrefix("old_")
                        .build()) {
            writer.save(state(1, "app"));

            assertThat(writer.load()).contains(state(1, "app"));
            await(WAIT).until(() -> writer.status().available());
            await(WAIT).until(() -> other.status().detail().contains("cannot create the table other_state"));
            assertThat(other.status().unreachable()).isTrue();
            assertThatThrownBy(other::load).isInstanceOf(StateStoreException.class);

            AuditEntry entry = new AuditEntry(Instant.parse("2027-01-10T02:00:00Z"), "a", Cause.Source.API, "ops",
                    "", "enter", "ALL", List.of(), Map.of(), Map.of(), "", 1);
            writer.appendAudit(List.of(entry), AuditPolicy.defaults(), entry.time());
            assertThat(writer.recentAudit(AuditPolicy.defaults(), entry.time())).containsExactly(entry);
            InstanceReport report = new InstanceReport("a", entry.time(), entry.time(), 1, true,
                    new Totals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            writer.publishInstance(report, Duration.ofSeconds(30));
            assertThat(writer.instances(entry.time())).containsExactly(report);
            writer.removeInstance("a");
            assertThat(writer.instances(entry.time())).isEmpty();

            // Tables of an older version only: the state works, the audit trail fails alone.
            old.save(state(1, "old"));
            assertThat(old.load()).contains(state(1, "old"));
            assertThatThrownBy(() -> old.appendAudit(List.of(entry), AuditPolicy.defaults(), entry.time()))
                    .isInstanceOf(StateStoreException.class).hasMessageContaining("old_audit");
            old.save(state(2, "old"));
            assertThat(old.status().available()).isTrue();
        }
    }
}
