package io.github.maintenance.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.stats.Totals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The contract every {@link ClusterStore} must pass. Extend it and return stores on one shared,
 * initially empty backing from {@link #createStore()}: every call within a test must reach the
 * same backing (another instance of a cluster), and each test must start from an empty one. Time
 * is explicit: reports carry their heartbeat and reads are made at a given {@code now}, so no test
 * waits.
 */
public abstract class AbstractClusterStoreContractTest {

    /** The time the reports of these tests are made around. */
    protected static final Instant T0 = Instant.parse("2027-01-10T02:00:00Z");
    /** How long the reports of these tests count as live. */
    protected static final Duration EXPIRE = Duration.ofSeconds(30);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** {@return a new store on the test's shared backing} */
    protected abstract ClusterStore createStore();

    /**
     * Replaces the stored report of {@code instance} (published before) with text its store cannot
     * read, straight in the backing.
     *
     * @param instance the instance whose report to damage
     * @return whether the backing can hold a damaged report at all ({@code false}, the default,
     *         for stores that keep reports as objects)
     * @throws Exception when the backing fails
     */
    protected boolean damageStoredReport(String instance) throws Exception {
        return false;
    }

    /** {@return a store on the shared backing, closed after the test when it is closeable} */
    protected final ClusterStore openStore() {
        ClusterStore s = createStore();
        if (s instanceof AutoCloseable c) {
            opened.add(c);
        }
        return s;
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /**
     * {@return a report with totals derived from {@code version}}
     *
     * @param instance  the instance name
     * @param heartbeat when it is published
     * @param version   its applied version
     */
    protected static InstanceReport report(String instance, Instant heartbeat, long version) {
        return new InstanceReport(instance, heartbeat, T0.minus(Duration.ofHours(1)), version, true,
                new Totals(3, 1, 0, 0, version * 10, 0, 0, version * 100, version * 90, 1, version * 10, 0));
    }

    @Test
    void anEmptyBackingHasNoInstances() {
        assertThat(openStore().instances(T0)).isEmpty();
    }

    @Test
    void aPublishedReportIsReadBackEqualThroughAnotherStore() {
        InstanceReport r = report("node-1", T0, 7);
        openStore().publishInstance(r, EXPIRE);
        assertThat(openStore().instances(T0.plusSeconds(1))).containsExactly(r);
    }

    @Test
    void aReportReplacesTheOneKeptUnderTheSameName() {
        ClusterStore a = openStore();
        ClusterStore b = openStore();
        a.publishInstance(report("node-1", T0, 1), EXPIRE);
        b.publishInstance(report("node-1", T0.plusSeconds(5), 2), EXPIRE);
        assertThat(a.instances(T0.plusSeconds(6))).containsExactly(report("node-1", T0.plusSeconds(5), 2));
    }

    @Test
    void reportsAreOrderedByInstanceName() {
        ClusterStore s = openStore();
        for (String name : List.of("node-c", "node-a", "Node-Z", "node-b", "node-a2")) {
            s.publishInstance(report(name, T0, 1), EXPIRE);
        }
        assertThat(s.instances(T0)).extracting(InstanceReport::instance)
                .containsExactly("Node-Z", "node-a", "node-a2", "node-b", "node-c");
    }

    @Test
    void aReportExpiresExpireAfterItsHeartbeat() {
        ClusterStore s = openStore();
        s.publishInstance(report("short", T0, 1), EXPIRE);
        s.publishInstance(report("long", T0, 1), Duration.ofMinutes(5));
        assertThat(s.instances(T0.plus(EXPIRE))).extracting(InstanceReport::instance)
                .containsExactly("long", "short");
        assertThat(s.instances(T0.plus(EXPIRE).plusMillis(1))).extracting(InstanceReport::instance)
                .containsExactly("long");
        s.publishInstance(report("short", T0.plus(Duration.ofMinutes(1)), 2), EXPIRE);
        assertThat(s.instances(T0.plus(Duration.ofMinutes(1)))).extracting(InstanceReport::instance)
                .containsExactly("long", "short");
        assertThat(s.instances(T0.plus(Duration.ofMinutes(6)))).isEmpty();
    }

    @Test
    void removeInstanceDeletesOnlyThatReport() {
        ClusterStore a = openStore();
        a.publishInstance(report("node-1", T0, 1), EXPIRE);
        a.publishInstance(report("node-2", T0, 1), EXPIRE);
        openStore().removeInstance("node-1");
        a.removeInstance("never-published");
        assertThat(a.instances(T0)).extracting(InstanceReport::instance).containsExactly("node-2");
    }

    @Test
    void aBadReportIsRefusedWhenBuilt() {
        Totals t = report("x", T0, 1).totals();
        assertThatThrownBy(() -> new InstanceReport("", T0, T0, 1, true, t))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceReport("a\nb", T0, T0, 1, true, t))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceReport("n".repeat(InstanceReport.MAX_INSTANCE_LENGTH + 1), T0, T0, 1,
                true, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceReport("a", T0, T0, -1, true, t))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceReport("a", null, T0, 1, true, t))
                .isInstanceOf(NullPointerException.class);
        assertThat(openStore().instances(T0)).isEmpty();
    }

    @Test
    void everyFieldRoundTripsExactly() {
        Totals extremes = new Totals(Integer.MAX_VALUE, 0, 7, 1, Long.MAX_VALUE, 0, 123_456_789_012L, Long.MAX_VALUE - 1,
                42, 0, 1L << 53, 9);
        String name = "n\u00e9ud #1 = a:b \\ \u2713 " + "x".repeat(100);
        InstanceReport r = new InstanceReport(name, T0.plusNanos(123_456_789), T0.minusSeconds(86_400).plusNanos(1),
                Long.MAX_VALUE, false, extremes);
        ClusterStore s = openStore();
        s.publishInstance(r, EXPIRE);
        List<InstanceReport> read = openStore().instances(T0.plusSeconds(1));
        assertThat(read).containsExactly(r);
        assertThat(read.get(0).totals()).isEqualTo(extremes);
    }

    @Test
    void aDamagedStoredReportIsSkipped() throws Exception {
        ClusterStore s = openStore();
        s.publishInstance(report("node-1", T0, 1), EXPIRE);
        s.publishInstance(report("node-2", T0, 1), EXPIRE);
        if (damageStoredReport("node-1")) {
            assertThat(s.instances(T0)).extracting(InstanceReport::instance).containsExactly("node-2");
            s.publishInstance(report("node-1", T0.plusSeconds(1), 2), EXPIRE);
        }
        assertThat(s.instances(T0.plusSeconds(1))).extracting(InstanceReport::instance)
                .containsExactly("node-1", "node-2");
    }

    @Test
    @Timeout(30)
    void concurrentPublishesThroughTwoStoresLoseNothing() throws Exception {
        ClusterStore a = openStore();
        ClusterStore b = openStore();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                ClusterStore s = n == 0 ? a : b;
                String own = n == 0 ? "a-" : "b-";
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20; i++) {
                        s.publishInstance(report(own + i, T0, i), EXPIRE);
                        s.publishInstance(report("shared", T0, i), EXPIRE);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<InstanceReport> read = a.instances(T0);
        assertThat(read).hasSize(41).extracting(InstanceReport::instance).doesNotHaveDuplicates().contains("shared");
        assertThat(read.stream().filter(r -> r.instance().equals("shared")).findFirst().orElseThrow().appliedVersion())
                .isEqualTo(19L);
    }
}
