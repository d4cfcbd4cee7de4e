package io.github.maintenance.redis;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.stats.Totals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Redis killed mid-run: the audit trail and the reports fail at once, and work again when it returns. */
class RedisAuditOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2027-01-10T02:00:00Z");

    @TempDir
    Path dir;

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void duringAnOutageTheTrailAndReportsFailAtOnce() throws Exception {
        AuditEntry entry = new AuditEntry(T0, "a", Cause.Source.API, "ops", "", "enter", "ALL", List.of(), Map.of(),
                Map.of(), "", 1);
        InstanceReport report = new InstanceReport("a", T0, T0, 1, true, new Totals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        try (RedisStateStore store = RedisStateStore.builder(redis.uri()).keyPrefix("outage:")
                .heartbeat(Duration.ofMillis(200)).backoff(Duration.ofMillis(20), Duration.ofMillis(300)).build()) {
            await(WAIT).until(() -> store.status().available());
            redis.kill();
            await(WAIT).until(() -> store.status().unreachable());

            assertThatThrownBy(() -> store.appendAudit(List.of(entry), AuditPolicy.defaults(), T0))
                    .isInstanceOf(StateStoreException.class).hasMessageContaining("unreachable");
            assertThatThrownBy(() -> store.instances(T0))
                    .isInstanceOf(StateStoreException.class).hasMessageContaining("unreachable");

            redis.restart();
            await(WAIT).until(() -> store.status().available());
            store.appendAudit(List.of(entry), AuditPolicy.defaults(), T0);
            store.publishInstance(report, Duration.ofSeconds(30));
            assertThat(store.recentAudit(AuditPolicy.defaults(), T0)).containsExactly(entry);
            assertThat(store.instances(T0)).containsExactly(report);
        }
    }
}
