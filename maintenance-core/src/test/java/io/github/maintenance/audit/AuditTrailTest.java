package io.github.maintenance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The in-memory trail: bounded by count and age, newest first, limit and since filters, thread-safe. */
class AuditTrailTest {

    private final MutableClock clock = MutableClock.atDefault();

    static AuditEntry entry(Instant at, String actor, long version) {
        return new AuditEntry(at, "test", Cause.Source.API, actor, "", "enter", "ALL", List.of("*"),
                Map.of("*", "serving"), Map.of("*", "maintenance(full)"), "", version);
    }

    @Test
    void keepsTheNewestEntriesUpToTheCount() {
        AuditTrail t = new AuditTrail(AuditPolicy.of(3, Duration.ofDays(1)), clock);
        for (int i = 1; i <= 5; i++) {
            t.record(entry(clock.instant(), "a" + i, i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.list()).extracting(AuditEntry::actor).containsExactly("a5", "a4", "a3");
    }

    @Test
    void dropsEntriesOlderThanTheAge() {
        AuditTrail t = new AuditTrail(AuditPolicy.of(100, Duration.ofHours(1)), clock);
        t.record(entry(clock.instant(), "old", 1));
        clock.advance(Duration.ofMinutes(30));
        t.record(entry(clock.instant(), "new", 2));
        clock.advance(Duration.ofMinutes(31));
        assertThat(t.list()).extracting(AuditEntry::actor).containsExactly("new");
        clock.advance(Duration.ofMinutes(30));
        assertThat(t.size()).isZero();
    }

    @Test
    void limitAndSinceFilterNewestFirst() {
        AuditTrail t = new AuditTrail(AuditPolicy.defaults(), clock);
        Instant start = clock.instant();
        for (int i = 1; i <= 6; i++) {
            t.record(entry(clock.instant(), "a" + i, i));
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(t.list(2, null)).extracting(AuditEntry::version).containsExactly(6L, 5L);
        assertThat(t.list(10, start.plus(Duration.ofMinutes(4)))).extracting(AuditEntry::version)
                .containsExactly(6L, 5L);
        assertThat(t.list(1, start.plus(Duration.ofMinutes(4)))).extracting(AuditEntry::version).containsExactly(6L);
        assertThatThrownBy(() -> t.list(0, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offKeepsNothing() {
        AuditTrail t = new AuditTrail(AuditPolicy.off(), clock);
        t.record(entry(clock.instant(), "a", 1));
        t.load(List.of(entry(clock.instant(), "b", 2)));
        assertThat(t.list()).isEmpty();
        assertThat(AuditPolicy.off().enabled()).isFalse();
        assertThat(AuditPolicy.defaults()).isEqualTo(AuditPolicy.of(1000, Duration.ofDays(90)));
    }

    @Test
    void loadedEntriesAreMergedByTimeAndBounded() {
        AuditTrail t = new AuditTrail(AuditPolicy.of(3, Duration.ofDays(1)), clock);
        Instant now = clock.instant();
        t.record(entry(now, "live", 9));
        t.load(List.of(entry(now.minusSeconds(3), "s1", 1), entry(now.minusSeconds(2), "s2", 2),
                entry(now.minusSeconds(1), "s3", 3)));
        assertThat(t.list()).extracting(AuditEntry::actor).containsExactly("live", "s3", "s2");
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> AuditPolicy.of(-1, Duration.ofDays(1))).isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("audit.maxEntries");
        assertThatThrownBy(() -> AuditPolicy.of(100_001, Duration.ofDays(1))).isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> AuditPolicy.of(10, Duration.ofSeconds(59))).isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("audit.maxAge");
        assertThatThrownBy(() -> AuditPolicy.of(10, null)).isInstanceOf(MaintenanceException.class);
    }

    @Test
    @Timeout(10)
    void concurrentWritersNeverExceedTheBoundAndLoseNothingWithinIt() throws Exception {
        AuditTrail t = new AuditTrail(AuditPolicy.of(4000, Duration.ofDays(1)), clock);
        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int n = 0; n < threads; n++) {
            String name = "w" + n;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    t.record(entry(clock.instant(), name, i));
                    t.list(5, null);
                }
            });
            th.start();
            all.add(th);
        }
        go.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertThat(t.size()).isEqualTo(4000);
        t.record(entry(clock.instant(), "last", 0));
        assertThat(t.size()).isEqualTo(4000);
        assertThat(t.list(1, null).get(0).actor()).isEqualTo("last");
    }

    @Test
    void aSharedTrailListsTheStoresEntriesWithThoseOnlyRecordedHereAndNoneTwice() {
        AuditPolicy policy = AuditPolicy.of(3, Duration.ofHours(1));
        List<AuditEntry> store = new ArrayList<>();
        AuditTrail t = AuditTrail.shared(policy, clock, () -> List.copyOf(store));
        AuditEntry mine = entry(clock.instant(), "me", 1);
        t.record(mine);
        store.add(mine);
        clock.advance(Duration.ofSeconds(1));
        store.add(entry(clock.instant(), "peer", 2));
        clock.advance(Duration.ofSeconds(1));
        t.record(entry(clock.instant(), "not-appended", 3));

        assertThat(t.list()).extracting(AuditEntry::actor).containsExactly("not-appended", "peer", "me");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.list(1, null)).extracting(AuditEntry::actor).containsExactly("not-appended");

        clock.advance(Duration.ofSeconds(1));
        store.add(entry(clock.instant(), "peer", 4));
        assertThat(t.list()).as("bounded by the policy's count").extracting(AuditEntry::version)
                .containsExactly(4L, 3L, 2L);
        clock.advance(Duration.ofHours(1).minusMillis(1500));
        assertThat(t.list()).as("and by its age").extracting(AuditEntry::version).containsExactly(4L, 3L);
    }

    @Test
    void aSharedTrailWhoseStoreFailsListsWhatWasRecordedHere() {
        AuditTrail t = AuditTrail.shared(AuditPolicy.defaults(), clock, () -> {
            throw new IllegalStateException("store down");
        });
        t.record(entry(clock.instant(), "me", 1));
        assertThat(t.list()).extracting(AuditEntry::actor).containsExactly("me");
        assertThatThrownBy(() -> AuditTrail.shared(AuditPolicy.defaults(), clock, null))
                .isInstanceOf(NullPointerException.class);
    }
}
