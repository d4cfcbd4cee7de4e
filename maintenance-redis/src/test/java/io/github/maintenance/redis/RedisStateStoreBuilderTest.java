package io.github.maintenance.redis;

import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are checked when the store is built, with messages naming the value (no Redis needed). */
class RedisStateStoreBuilderTest {

    @Test
    void refusesUrisThatAreNotRedisUris() {
        assertThatThrownBy(() -> RedisStateStore.connect("")).isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'redis': '' (a redis:// URI is required)");
        assertThatThrownBy(() -> RedisStateStore.connect("http://localhost:6379"))
                .hasMessage("invalid value for 'redis': 'http://localhost:6379' (expected redis://host:port or "
                        + "rediss://host:port)");
        assertThatThrownBy(() -> RedisStateStore.connect("redis://"))
                .hasMessageStartingWith("invalid value for 'redis': 'redis://' (not a URI");
        assertThatThrownBy(() -> RedisStateStore.connect("redis:///0"))
                .hasMessage("invalid value for 'redis': 'redis:///0' (the URI has no host)");
        assertThatThrownBy(() -> RedisStateStore.connect("redis://localhost:6379/db1"))
                .hasMessage("invalid value for 'redis': 'redis://localhost:6379/db1' (the path must be a database "
                        + "number such as /0)");
        assertThatThrownBy(() -> RedisStateStore.connect("redis://localhost:6379/0?timeout=5"))
                .hasMessage("invalid value for 'redis': 'redis://localhost:6379/0?timeout=5' (query and fragment are "
                        + "not supported)");
    }

    @Test
    void neverEchoesAPassword() {
        assertThatThrownBy(() -> RedisStateStore.connect("redis://app:s3cret@localhost:6379/x"))
                .hasMessage("invalid value for 'redis': 'redis://***@localhost:6379/x' (the path must be a database "
                        + "number such as /0)");
        try (RedisStateStore s = RedisStateStore.builder("redis://app:s3cret@127.0.0.1:1/2").build()) {
            assertThat(s.toString()).isEqualTo("redis redis://127.0.0.1:1/2 prefix maintenance:");
            assertThat(s.status().store()).doesNotContain("s3cret");
        }
    }

    @Test
    void refusesBadDurationsAndNames() {
        RedisStateStore.Builder b = RedisStateStore.builder("redis://127.0.0.1:1");
        assertThatThrownBy(() -> b.heartbeat(Duration.ofMillis(1)).build())
                .hasMessage("invalid value for 'heartbeat': '1ms' (must be 50ms to 1m)");
        assertThatThrownBy(() -> RedisStateStore.builder("redis://127.0.0.1:1")
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessage("invalid value for 'maxBackoff': '1s' (must be 2s to 5m)");
        assertThatThrownBy(() -> RedisStateStore.builder("redis://127.0.0.1:1").keyPrefix("").build())
                .hasMessage("invalid value for 'keyPrefix': '' (1 to 64 printable ASCII characters without spaces)");
        assertThatThrownBy(() -> RedisStateStore.builder("redis://127.0.0.1:1").clientName("a b").build())
                .hasMessage("invalid value for 'clientName': 'a b' (1 to 64 letters, digits and ._:-)");
    }

    @Test
    void acceptsTheUsualForms() {
        // Port 1: nothing listens there, so nothing is touched.
        String[][] forms = {
            {"redis://127.0.0.1:1", "redis redis://127.0.0.1:1/0 prefix maintenance:"},
            {"redis://localhost:1/3", "redis redis://localhost:1/3 prefix maintenance:"},
            {"redis://[::1]:1", "redis redis://[::1]:1/0 prefix maintenance:"},
            {"rediss://:token@127.0.0.1:1", "redis rediss://127.0.0.1:1/0 prefix maintenance:"},
            {"REDIS://127.0.0.1:1/", "redis redis://127.0.0.1:1/0 prefix maintenance:"}};
        for (String[] form : forms) {
            try (RedisStateStore s = RedisStateStore.connect(form[0])) {
                assertThat(s.status().store()).isEqualTo(form[1]);
            }
        }
    }
}
