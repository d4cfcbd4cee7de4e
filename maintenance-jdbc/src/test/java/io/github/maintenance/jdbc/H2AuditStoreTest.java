package io.github.maintenance.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.testing.AbstractAuditStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The audit store contract on an embedded H2 database; each test has its own database. */
class H2AuditStoreTest extends AbstractAuditStoreContractTest {

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = "jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    protected AuditStore createStore() {
        return builder().build();
    }

    private JdbcStateStore.Builder builder() {
        return JdbcStateStore.builder(url, "sa", "").pollInterval(Duration.ofMillis(20));
    }

    @Test
    void twoInstancesShareTheTrailAndItSurvivesReopening() {
        AuditPolicy policy = AuditPolicy.defaults();
        try (JdbcStateStore a = builder().build(); JdbcStateStore b = builder().build()) {
            a.appendAudit(List.of(entry(T0, 1)), policy, T0);
            b.appendAudit(List.of(entry(T0.plusSeconds(1), 2)), policy, T0.plusSeconds(1));
            assertThat(a.recentAudit(policy, T0.plusSeconds(2))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L);
            assertThat(b.recentAudit(policy, T0.plusSeconds(2))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L);
        }
        try (JdbcStateStore reopened = builder().build()) {
            assertThat(reopened.recentAudit(policy, T0.plusSeconds(2)))
                    .containsExactly(entry(T0, 1), entry(T0.plusSeconds(1), 2));
        }
    }

    @Test
    void storeKeysKeepSeparateTrails() {
        AuditPolicy policy = AuditPolicy.defaults();
        try (JdbcStateStore shop = builder().key("shop").build(); JdbcStateStore blog = builder().key("blog").build()) {
            shop.appendAudit(List.of(entry(T0, 1)), policy, T0);
            blog.appendAudit(List.of(entry(T0, 7)), policy, T0);
            assertThat(shop.recentAudit(policy, T0)).extracting(AuditEntry::version).containsExactly(1L);
            assertThat(blog.recentAudit(policy, T0)).extracting(AuditEntry::version).containsExactly(7L);
        }
    }

    @Test
    void trimmingKeepsOnlyWhatThePolicyKeepsInTheTable() throws Exception {
        AuditPolicy policy = AuditPolicy.of(5, Duration.ofHours(1));
        try (JdbcStateStore s = builder().build()) {
            for (int i = 0; i < 20; i++) {
                s.appendAudit(List.of(entry(T0.plusSeconds(i), i)), policy, T0.plusSeconds(i));
            }
            assertThat(rows()).isEqualTo(5);
            s.appendAudit(List.of(entry(T0.plus(Duration.ofMinutes(90)), 20)), policy, T0.plus(Duration.ofMinutes(90)));
            assertThat(rows()).isEqualTo(1);
            assertThat(s.recentAudit(policy, T0.plus(Duration.ofMinutes(90)))).extracting(AuditEntry::version)
                    .containsExactly(20L);
        }
    }

    @Test
    void aDamagedRowIsSkipped() throws Exception {
        AuditPolicy policy = AuditPolicy.defaults();
        try (JdbcStateStore s = builder().build()) {
            s.appendAudit(List.of(entry(T0, 1)), policy, T0);
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO maintenance_audit (store_key, entry_time, entry_text)"
                        + " VALUES ('default', " + T0.toEpochMilli() + ", '{\"time\":broken')");
            }
            s.appendAudit(List.of(entry(T0.plusSeconds(1), 2)), policy, T0.plusSeconds(1));
            assertThat(s.recentAudit(policy, T0.plusSeconds(1))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L);
        }
    }

    private long rows() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement();
                var r = st.executeQuery("SELECT COUNT(*) FROM maintenance_audit")) {
            r.next();
            return r.getLong(1);
        }
    }
}
