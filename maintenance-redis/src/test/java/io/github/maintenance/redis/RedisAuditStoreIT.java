package io.github.maintenance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.testing.AbstractAuditStoreContractTest;
import io.github.maintenance.testing.Awaits;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import redis.clients.jedis.Jedis;

/** The audit store contract on a real redis-server; each test gets its own key prefix. */
class RedisAuditStoreIT extends AbstractAuditStoreContractTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = RedisServerExtension.freshPrefix("audit");
    }

    @Override
    protected AuditStore createStore() {
        return builder().build();
    }

    private RedisStateStore.Builder builder() {
        return RedisStateStore.builder(redis.uri()).keyPrefix(prefix);
    }

    @Test
    void twoInstancesShareTheTrailAndItSurvivesReopening() {
        AuditPolicy policy = AuditPolicy.defaults();
        try (RedisStateStore a = builder().build(); RedisStateStore b = builder().build()) {
            a.appendAudit(List.of(entry(T0, 1)), policy, T0);
            b.appendAudit(List.of(entry(T0.plusSeconds(1), 2), entry(T0.plusSeconds(1), 3)), policy,
                    T0.plusSeconds(1));
            assertThat(a.recentAudit(policy, T0.plusSeconds(2))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L, 3L);
            assertThat(b.recentAudit(policy, T0.plusSeconds(2))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L, 3L);
        }
        try (RedisStateStore reopened = builder().build()) {
            assertThat(reopened.recentAudit(policy, T0.plusSeconds(2)))
                    .containsExactly(entry(T0, 1), entry(T0.plusSeconds(1), 2), entry(T0.plusSeconds(1), 3));
        }
    }

    @Test
    void everyInstanceListsTheClustersChangesWithTheirActorsAndReasons() {
        try (RedisStateStore sa = builder().build(); RedisStateStore sb = builder().build();
             MaintenanceController a = MaintenanceController.create(MaintenanceConfig.custom()
                     .instanceName("a").stateStore(sa).build());
             MaintenanceController b = MaintenanceController.create(MaintenanceConfig.custom()
                     .instanceName("b").stateStore(sb).build())) {
            a.enter(Target.parse("ALL"), MaintenanceRequest.defaults(), Cause.api("ops").withReason("db upgrade"));
            Awaits.await().until(() -> b.decide("h", "/").action() == Decision.Action.MAINTENANCE);
            b.exit(Target.parse("ALL"), Cause.api("deploy-bot").withReason("done"));

            Awaits.await().until(() -> a.audit().size() == 2);
            for (MaintenanceController c : List.of(a, b)) {
                assertThat(c.audit().list()).extracting(AuditEntry::instance, AuditEntry::actor, AuditEntry::reason,
                        AuditEntry::action).containsExactly(
                                org.assertj.core.groups.Tuple.tuple("b", "deploy-bot", "done", "exit"),
                                org.assertj.core.groups.Tuple.tuple("a", "ops", "db upgrade", "enter"));
            }
        }
    }

    @Test
    void theListIsTrimmedByCountAndByAgeWhenAppending() {
        AuditPolicy policy = AuditPolicy.of(5, Duration.ofHours(1));
        try (RedisStateStore s = builder().build(); Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            for (int i = 0; i < 20; i++) {
                s.appendAudit(List.of(entry(T0.plusSeconds(i), i)), policy, T0.plusSeconds(i));
            }
            assertThat(jedis.llen(prefix + "audit")).isEqualTo(5);
            s.appendAudit(List.of(entry(T0.plus(Duration.ofMinutes(90)), 20)), policy, T0.plus(Duration.ofMinutes(90)));
            assertThat(jedis.llen(prefix + "audit")).isEqualTo(1);
            assertThat(s.recentAudit(policy, T0.plus(Duration.ofMinutes(90)))).extracting(AuditEntry::version)
                    .containsExactly(20L);
        }
    }

    @Test
    void aDamagedElementIsSkipped() {
        AuditPolicy policy = AuditPolicy.defaults();
        try (RedisStateStore s = builder().build(); Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            s.appendAudit(List.of(entry(T0, 1)), policy, T0);
            jedis.rpush(prefix + "audit", "not an entry", T0.toEpochMilli() + " {\"time\":broken");
            s.appendAudit(List.of(entry(T0.plusSeconds(1), 2)), policy, T0.plusSeconds(1));
            assertThat(s.recentAudit(policy, T0.plusSeconds(1))).extracting(AuditEntry::version)
                    .containsExactly(1L, 2L);
        }
    }
}
