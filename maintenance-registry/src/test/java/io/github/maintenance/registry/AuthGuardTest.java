package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AuthGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:59Z"));
    private final AuthGuard guard = new AuthGuard(Set.of("s3cret-token-long-enough"), 10, clock);

    @Test
    void failuresAcrossAMinuteBoundaryStillCountTogether() {
        for (int i = 0; i < 10; i++) {
            guard.failed("127.0.0.1");
        }
        assertThat(guard.blocked("127.0.0.1")).isTrue();
        // Two seconds later a new calendar minute has begun; the window slides instead.
        clock.advance(Duration.ofSeconds(2));
        assertThat(guard.blocked("127.0.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(4));
        assertThat(guard.blocked("127.0.0.1")).isFalse();
        assertThat(guard.refusals()).isEqualTo(10);
    }

    @Test
    void rotatingAddressesNeitherFlushesABlockedPeerNorBlocksAnother() {
        for (int i = 0; i < 10; i++) {
            guard.failed("127.0.0.1");
        }
        for (int i = 0; i < 100_000; i++) {
            String rotating = "127.1." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF);
            if (i >= 65_536) {
                rotating = "127.2." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF);
            }
            if (!guard.blocked(rotating)) {
                guard.failed(rotating);
            }
        }
        assertThat(guard.blocked("127.0.0.1")).isTrue();
        assertThat(guard.blocked("127.255.255.1")).isFalse();
        assertThat(guard.matches("s3cret-token-long-enough")).isTrue();
    }

    @Test
    void everySpellingOfAnIpv6PeerSharesOneAllowance() {
        for (int i = 0; i < 10; i++) {
            guard.failed(i % 2 == 0 ? "0:0:0:0:0:0:0:1" : "::1");
        }
        assertThat(guard.blocked("::1")).isTrue();
        assertThat(guard.blocked("0:0:0:0:0:0:0:1%1")).isTrue();
        assertThat(guard.blocked("127.0.0.1")).isFalse();
    }
}
