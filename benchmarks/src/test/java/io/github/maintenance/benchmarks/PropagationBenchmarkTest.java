package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.redis.testing.RedisServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import redis.clients.jedis.RedisClient;

/** A tiny run of the propagation benchmark against a real redis-server; and its options. */
class PropagationBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void aTinyRunMeasuresEveryToggleOnEveryReaderAndCleansUp() throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

            PropagationBenchmark.Report r = PropagationBenchmark.run(
                    PropagationBenchmark.Options.parse("--redis", redis.uri(), "--toggles", "6", "--warmup", "2"), out);
            PropagationBenchmark.print(r, out);

            assertThat(r.all()).hasSize(6).doesNotContain(0L);
            assertThat(r.readers()).hasSize(18).doesNotContain(0L);
            assertThat(r.writer()).hasSize(6).doesNotContain(0L);
            for (int i = 0; i < 6; i++) {
                long max = Math.max(r.readers()[3 * i], Math.max(r.readers()[3 * i + 1], r.readers()[3 * i + 2]));
                assertThat(r.all()[i]).isEqualTo(max);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(", 2 warm-up and 6 measured toggles, 3 readers")
                    .contains("all three readers changed");
            try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
                assertThat(jedis.keys("maintenance-bench-*state")).isEmpty();
            }
        }
    }

    @Test
    void percentilesAreNearestRank() {
        long[] ms = {5_000_000, 1_000_000, 3_000_000, 2_000_000, 4_000_000};
        assertThat(PropagationBenchmark.Report.percentileMillis(ms, 50)).isEqualTo(3.0);
        assertThat(PropagationBenchmark.Report.percentileMillis(ms, 99)).isEqualTo(5.0);
        assertThat(PropagationBenchmark.Report.percentileMillis(ms, 20)).isEqualTo(1.0);
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        assertThatThrownBy(() -> PropagationBenchmark.Options.parse("--toggles", "0"))
                .hasMessage("--toggles must be 1 to 1000000, got 0");
        assertThatThrownBy(() -> PropagationBenchmark.Options.parse("--rounds", "3"))
                .hasMessage("unknown option --rounds (expected --redis, --toggles, --warmup)");
        assertThatThrownBy(() -> PropagationBenchmark.Options.parse("--warmup"))
                .hasMessage("option --warmup needs a value");
    }
}
