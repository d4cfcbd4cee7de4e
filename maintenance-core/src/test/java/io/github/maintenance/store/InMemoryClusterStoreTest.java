package io.github.maintenance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.stats.Totals;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

/** The cluster reports the in-memory store keeps for the controllers sharing it. */
class InMemoryClusterStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LIVE = Duration.ofSeconds(15);

    private final InMemoryStateStore store = new InMemoryStateStore();

    private static InstanceReport report(String name, Instant heartbeat, long version) {
        return new InstanceReport(name, heartbeat, T0, version, true, new Totals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void reportsAreListedByNameAndAPublishReplacesTheInstancesLastOne() {
        store.publishInstance(report("c", T0, 1), LIVE);
        store.publishInstance(report("a", T0, 1), LIVE);
        store.publishInstance(report("b", T0, 1), LIVE);
        store.publishInstance(report("a", T0.plusSeconds(5), 2), LIVE);

        assertThat(store.instances(T0.plusSeconds(5))).extracting(InstanceReport::instance).containsExactly("a", "b", "c");
        assertThat(store.instances(T0.plusSeconds(5)).get(0).appliedVersion()).isEqualTo(2);
    }

    @Test
    void aReportIsLiveUpToItsExpiryAndNeverAfter() {
        store.publishInstance(report("a", T0, 1), LIVE);

        assertThat(store.instances(T0.plus(LIVE))).hasSize(1);
        assertThat(store.instances(T0.plus(LIVE).plusMillis(1))).isEmpty();
        assertThat(store.instances(T0)).as("an expired report is gone for good").isEmpty();
    }

    @Test
    void removingAnInstanceDropsOnlyItsReport() {
        store.publishInstance(report("a", T0, 1), LIVE);
        store.publishInstance(report("b", T0, 1), LIVE);

        store.removeInstance("a");
        store.removeInstance("ghost");

        assertThat(store.instances(T0)).extracting(InstanceReport::instance).containsExactly("b");
    }

    @Test
    void anExpiryThatIsNotPositiveIsRefusedAndKeepsNothing() {
        assertThatThrownBy(() -> store.publishInstance(report("a", T0, 1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expireAfter must be positive: PT0S");

        assertThat(store.instances(T0)).isEmpty();
    }
}
