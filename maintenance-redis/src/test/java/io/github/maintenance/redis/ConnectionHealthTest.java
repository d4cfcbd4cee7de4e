package io.github.maintenance.redis;

import io.github.maintenance.spi.StoredState;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The outage bookkeeping: which save a resync writes back, and when an outage may end (no Redis needed). */
class ConnectionHealthTest {

    private final AtomicReference<StoredState> latest = new AtomicReference<>();
    private final ConnectionHealth health = new ConnectionHealth(settings(), latest::get, () -> false);

    private static RedisSettings settings() {
        Duration ms = Duration.ofMillis(100);
        return RedisSettings.validate("redis://127.0.0.1:1", "health:", ms, ms, Duration.ofMillis(20),
                Duration.ofMillis(300), ms, null, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "maintenance");
    }

    private static StoredState state(long version) {
        return new StoredState(version, Instant.EPOCH, Map.of(), List.of(), null, null,
                Map.of("test.version", Long.toString(version)));
    }

    @Test
    void aSaveRefusedAfterTheResyncTookTheHeldOneKeepsTheOutageOpenForAnotherRound() {
        latest.set(state(1));
        health.lost("connection reset");
        assertThat(health.holdIfDown(state(2))).hasMessageContaining("unreachable since");
        latest.set(state(2));

        ConnectionHealth.Taken first = health.takeForResync();
        assertThat(first.mine()).isEqualTo(state(2));
        assertThat(first.held()).isEqualTo(state(2));

        // Refused while the resync writes version 2 back: before this was recorded as known, too.
        assertThat(health.holdIfDown(state(3))).isNotNull();

        assertThat(health.resynchronised()).isFalse();
        assertThat(health.status().available()).isFalse();
        ConnectionHealth.Taken second = health.takeForResync();
        assertThat(second.mine()).as("the held save, newer than the latest known").isEqualTo(state(3));
        assertThat(second.held()).isEqualTo(state(3));
        assertThat(health.resynchronised()).isTrue();
        assertThat(health.status().available()).isTrue();
        assertThat(health.holdIfDown(state(4))).isNull();
    }

    @Test
    void aResyncWithNothingHeldEndsTheOutageAtOnce() {
        latest.set(state(7));
        health.lost("connection reset");

        ConnectionHealth.Taken taken = health.takeForResync();

        assertThat(taken.mine()).isEqualTo(state(7));
        assertThat(taken.held()).isNull();
        assertThat(health.resynchronised()).isTrue();
        assertThat(health.status().detail()).isEqualTo("connected");
    }

    @Test
    void aSaveRedisTookReleasesTheOlderHeldOne() {
        health.hold(state(2));
        health.saved(state(3));
        assertThat(health.takeForResync().held()).isNull();

        health.hold(state(5));
        health.saved(state(4));
        assertThat(health.takeForResync().held()).isEqualTo(state(5));
    }

    @Test
    void theBackoffDoublesWithJitterUpToItsMaximumAndResets() {
        ConnectionHealth.Backoff backoff = new ConnectionHealth.Backoff(20, 300);
        long[] steps = {20, 40, 80, 160, 300, 300};
        for (long step : steps) {
            assertThat(backoff.nextDelay()).isBetween(step / 2, step);
        }
        backoff.reset();
        assertThat(backoff.nextDelay()).isBetween(10L, 20L);
    }
}
