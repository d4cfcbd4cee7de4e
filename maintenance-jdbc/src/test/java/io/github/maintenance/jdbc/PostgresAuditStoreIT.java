package io.github.maintenance.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.jdbc.testing.PostgresServerExtension;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.testing.AbstractAuditStoreContractTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

/** The audit store contract on a real PostgreSQL; each test has its own store key. */
class PostgresAuditStoreIT extends AbstractAuditStoreContractTest {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private String key;

    @BeforeEach
    void freshKey() {
        key = PostgresServerExtension.freshKey("audit");
    }

    @Override
    protected AuditStore createStore() {
        return builder().build();
    }

    private JdbcStateStore.Builder builder() {
        return JdbcStateStore.builder(postgres.server().url(), postgres.server().user(), null).key(key);
    }

    @Test
    void twoInstancesShareTheTrailAndItSurvivesReopening() {
        AuditPolicy policy = AuditPolicy.defaults();
        try (JdbcStateStore a = builder().build(); JdbcStateStore b = builder().build()) {
            a.appendAudit(List.of(entry(T0, 1)), policy, T0);
            b.appendAudit(List.of(entry(T0.plusSeconds(1), 2), entry(T0.plusSeconds(1), 3)), policy,
                    T0.plusSeconds(1));
            assertThat(a.recentAudit(policy, T0.plusSeconds(2))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L, 3L);
        }
        try (JdbcStateStore reopened = builder().build()) {
            assertThat(reopened.recentAudit(policy, T0.plusSeconds(2)))
                    .containsExactly(entry(T0, 1), entry(T0.plusSeconds(1), 2), entry(T0.plusSeconds(1), 3));
        }
    }
}
