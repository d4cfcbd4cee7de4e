package io.github.maintenance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AttemptLimiterTest {

    private static final byte[] A = {127, 0, 0, 1};
    private static final byte[] B = {127, (byte) 255, (byte) 255, 1};
    private static final byte[] IPV6_LOOPBACK = ipv6(0, 1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:59Z"));
    private final AttemptLimiter limiter = new AttemptLimiter(10, Duration.ofMinutes(1), 4096, clock);

    @Test
    void aSourceMayFailItsAllowanceThenWaitsAWindowShareForEachFurtherAttempt() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.blocked(A)).as("failure %d", i).isFalse();
            limiter.failed(A);
        }
        assertThat(limiter.retryAfter(A)).isEqualTo(Duration.ofSeconds(6));

        clock.advance(Duration.ofMillis(5_999));
        assertThat(limiter.blocked(A)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.blocked(A)).isFalse();
        limiter.failed(A);
        assertThat(limiter.retryAfter(A)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void failuresBeforeAndAfterAMinuteBoundaryAreCountedTogether() {
        // The clock stands one second before a full minute: a calendar-minute counter would reset.
        for (int i = 0; i < 10; i++) {
            limiter.failed(A);
        }
        clock.advance(Duration.ofMillis(1_500));
        assertThat(limiter.blocked(A)).isTrue();
        assertThat(limiter.retryAfter(A)).isEqualTo(Duration.ofMillis(4_500));
    }

    @Test
    void theWholeAllowanceIsBackAfterAQuietWindowAndNotBefore() {
        for (int i = 0; i < 10; i++) {
            limiter.failed(A);
        }
        clock.advance(Duration.ofSeconds(59));
        for (int i = 0; i < 9; i++) {
            assertThat(limiter.blocked(A)).isFalse();
            limiter.failed(A);
        }
        assertThat(limiter.blocked(A)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.blocked(A)).isFalse();
            limiter.failed(A);
        }
        assertThat(limiter.blocked(A)).isTrue();
    }

    @Test
    void anAttackerAtOneAddressNeverHoldsBackAnother() {
        for (int i = 0; i < 1_000; i++) {
            if (!limiter.blocked(A)) {
                limiter.failed(A);
            }
        }
        assertThat(limiter.blocked(A)).isTrue();
        assertThat(limiter.blocked(B)).isFalse();
        assertThat(limiter.blocked(IPV6_LOOPBACK)).isFalse();
        for (int i = 0; i < 9; i++) {
            limiter.failed(B);
        }
        assertThat(limiter.blocked(B)).isFalse();
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareARecordAndIpv4MappedCountsAsIpv4() {
        // The loopback address with other interface bits, and with other network bits.
        byte[] sameSlash64 = ipv6(0, 0x7777_0000_0000_0001L);
        byte[] otherSlash64 = ipv6(1, 1);
        for (int i = 0; i < 10; i++) {
            limiter.failed(i % 2 == 0 ? IPV6_LOOPBACK : sameSlash64);
        }
        assertThat(limiter.blocked(IPV6_LOOPBACK)).isTrue();
        assertThat(limiter.blocked(sameSlash64)).isTrue();
        assertThat(limiter.blocked(otherSlash64)).isFalse();

        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1};
        for (int i = 0; i < 10; i++) {
            limiter.failed(mapped);
        }
        assertThat(limiter.blocked(A)).isTrue();
        assertThat(limiter.trackedSources()).isEqualTo(2);
    }

    @Test
    void rotatingThroughAHundredThousandAddressesKeepsTheTableBoundedAndFlushesNobody() {
        for (int i = 0; i < 10; i++) {
            limiter.failed(A);
        }
        for (int i = 0; i < 100_000; i++) {
            byte[] rotating = {127, 1, (byte) (i >>> 8), (byte) i};
            if (i >= 65_536) {
                rotating = new byte[] {127, 2, (byte) (i >>> 8), (byte) i};
            }
            if (!limiter.blocked(rotating)) {
                limiter.failed(rotating);
            }
        }
        assertThat(limiter.trackedSources()).isEqualTo(4096);
        assertThat(limiter.trackedNetworks()).isLessThanOrEqualTo(1024);
        // The attacker's first address is still held back: its record was not pushed out.
        assertThat(limiter.blocked(A)).isTrue();
        // A client in another network is untouched.
        assertThat(limiter.blocked(B)).isFalse();
        limiter.failed(B);
        assertThat(limiter.blocked(B)).isFalse();
    }

    @Test
    void sourcesBeyondTheTableAreHeldBackByTheirNetworkOnly() {
        AttemptLimiter small = new AttemptLimiter(2, Duration.ofMinutes(1), 8, clock);
        for (int i = 0; i < 8; i++) {
            small.failed(new byte[] {127, 1, 0, (byte) i});
        }
        assertThat(small.trackedSources()).isEqualTo(8);
        // Two more addresses of 127.1.0.0/24 use up that network's allowance.
        small.failed(new byte[] {127, 1, 0, 100});
        small.failed(new byte[] {127, 1, 0, 101});
        assertThat(small.blocked(new byte[] {127, 1, 0, (byte) 200})).isTrue();
        assertThat(small.blocked(new byte[] {127, 1, 1, (byte) 200})).isFalse();
        assertThat(small.trackedNetworks()).isEqualTo(1);

        // Once drained, records make room again.
        clock.advance(Duration.ofMinutes(1));
        small.failed(B);
        assertThat(small.trackedSources()).isLessThanOrEqualTo(8);
        assertThat(small.blocked(new byte[] {127, 1, 0, (byte) 200})).isFalse();
    }

    @Test
    void whenBothTablesAreFullOfRecordsInUseNewSourcesAreLetThroughRatherThanLockedOut() {
        AttemptLimiter tiny = new AttemptLimiter(1, Duration.ofMinutes(1), 4, clock);
        for (int i = 0; i < 4; i++) {
            tiny.failed(new byte[] {127, 1, 0, (byte) i});
        }
        tiny.failed(new byte[] {127, 2, 0, 1});
        assertThat(tiny.trackedSources()).isEqualTo(4);
        assertThat(tiny.trackedNetworks()).isEqualTo(1);

        tiny.failed(new byte[] {127, 3, 0, 1});
        assertThat(tiny.uncounted()).isEqualTo(1);
        assertThat(tiny.blocked(new byte[] {127, 3, 0, 1})).isFalse();
        assertThat(tiny.blocked(new byte[] {127, 2, 0, 9})).as("its network is held back").isTrue();
        assertThat(tiny.blocked(new byte[] {127, 1, 0, 0})).isTrue();
    }

    @Test
    void badArgumentsAreRefusedWithTheRule() {
        assertThatThrownBy(() -> new AttemptLimiter(0, Duration.ofMinutes(1), 10, clock))
                .hasMessage("allowance must be at least 1 but was 0");
        assertThatThrownBy(() -> new AttemptLimiter(1, Duration.ZERO, 10, clock))
                .hasMessage("window must be 1ms to 1 day but was PT0S");
        assertThatThrownBy(() -> new AttemptLimiter(1, Duration.ofMinutes(1), 0, clock))
                .hasMessage("capacity must be 1 to 1000000 but was 0");
        assertThatThrownBy(() -> limiter.failed(new byte[5])).hasMessage("an address has 4 or 16 bytes");
    }

    private static byte[] ipv6(long high, long low) {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (high >>> (56 - 8 * i));
            a[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return a;
    }
}
