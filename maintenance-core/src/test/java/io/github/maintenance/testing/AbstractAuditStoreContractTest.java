package io.github.maintenance.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.spi.AuditStore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The contract every {@link AuditStore} must pass. Extend it and return stores on one shared,
 * initially empty backing from {@link #createStore()}: every call within a test must reach the
 * same backing (another instance of a cluster), and each test must start from an empty one.
 */
public abstract class AbstractAuditStoreContractTest {

    /** The time the entries of these tests are made around. */
    protected static final Instant T0 = Instant.parse("2027-01-10T02:00:00Z");

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** {@return a new store on the test's shared backing} */
    protected abstract AuditStore createStore();

    /** {@return a store on the shared backing, closed after the test when it is closeable} */
    protected final AuditStore openStore() {
        AuditStore s = createStore();
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
     * {@return an entry with awkward text in every field}
     *
     * @param at      when it was made
     * @param version its state version
     */
    protected static AuditEntry entry(Instant at, long version) {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("api", "serving");
        before.put("path:/a,b", "draining(until 2027-01-10T03:00:00Z)");
        Map<String, String> after = new LinkedHashMap<>();
        after.put("api", "maintenance(read-only, until 2027-01-10T03:00:00Z)");
        after.put("path:/a,b", "maintenance(full) + draining(until 2027-01-10T03:00:00Z)");
        return new AuditEntry(at, "node-1", Cause.Source.REGISTRY, "token \"ops\"", "=cmd|' /C calc'!A0 é ✓ \\",
                "enter", "api,/a,b", List.of("api", "path:/a,b"), before, after, "page=<b>built-in</b> & more",
                version);
    }

    @Test
    void anEmptyBackingHasNoEntries() {
        assertThat(openStore().recentAudit(AuditPolicy.defaults(), T0)).isEmpty();
    }

    @Test
    void entriesReadBackEqualOldestFirstThroughAnotherStore() {
        AuditStore a = openStore();
        List<AuditEntry> written = List.of(entry(T0, 1), entry(T0.plusSeconds(1), 2), entry(T0.plusSeconds(2), 3));
        a.appendAudit(written.subList(0, 2), AuditPolicy.defaults(), T0);
        a.appendAudit(written.subList(2, 3), AuditPolicy.defaults(), T0);
        assertThat(a.recentAudit(AuditPolicy.defaults(), T0.plusSeconds(3))).isEqualTo(written);
        assertThat(openStore().recentAudit(AuditPolicy.defaults(), T0.plusSeconds(3))).isEqualTo(written);
    }

    @Test
    void theNewestEntriesWithinTheCountAreKept() {
        AuditStore s = openStore();
        AuditPolicy policy = AuditPolicy.of(10, Duration.ofDays(1));
        for (int i = 0; i < 100; i++) {
            s.appendAudit(List.of(entry(T0.plusSeconds(i), i)), policy, T0.plusSeconds(i));
        }
        assertThat(s.recentAudit(policy, T0.plusSeconds(100))).extracting(AuditEntry::version)
                .containsExactly(90L, 91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L);
    }

    @Test
    void entriesOlderThanTheAgeAreNotRead() {
        AuditStore s = openStore();
        AuditPolicy policy = AuditPolicy.of(100, Duration.ofHours(1));
        s.appendAudit(List.of(entry(T0, 1)), policy, T0);
        s.appendAudit(List.of(entry(T0.plus(Duration.ofMinutes(50)), 2)), policy, T0.plus(Duration.ofMinutes(50)));
        assertThat(s.recentAudit(policy, T0.plus(Duration.ofMinutes(70)))).extracting(AuditEntry::version)
                .containsExactly(2L);
    }

    @Test
    @Timeout(30)
    void concurrentAppendsThroughTwoStoresLoseNothing() throws Exception {
        AuditStore a = openStore();
        AuditStore b = openStore();
        AuditPolicy policy = AuditPolicy.of(1000, Duration.ofDays(1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                AuditStore s = n == 0 ? a : b;
                long base = n * 1000L;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        s.appendAudit(List.of(entry(T0, base + i)), policy, T0);
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
        assertThat(a.recentAudit(policy, T0)).hasSize(200).extracting(AuditEntry::version).doesNotHaveDuplicates();
    }
}
