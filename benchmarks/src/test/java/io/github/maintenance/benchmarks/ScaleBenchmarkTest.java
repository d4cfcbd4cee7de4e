package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.redis.testing.RedisServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A tiny sweep of the scale benchmark on a redis-server it starts itself; its options, CSV and byte counter. */
class ScaleBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void aTinySweepMeasuresEveryCombinationAndAppendsItToTheCsv() throws Exception {
        RedisServer.requireBinary(); // skipped without redis-server unless CI=true, like the store tests
        Path csv = dir.resolve("scale.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        List<ScaleResult> results = ScaleBenchmark.run(ScaleBenchmark.Options.parse("--store", "redis",
                "--instances", "2,3", "--routes", "2,20", "--changes", "4", "--warmup", "2", "--csv", csv.toString()),
                out);

        assertThat(results).extracting(r -> r.instances() + "x" + r.routes())
                .containsExactly("2x2", "2x20", "3x2", "3x20");
        for (ScaleResult r : results) {
            assertThat(r.changes()).isEqualTo(4);
            assertThat(r.all()).hasSize(4).doesNotContain(0L);
            assertThat(r.each()).hasSize(4 * (r.instances() - 1)).doesNotContain(0L);
            assertThat(r.writer()).hasSize(4).doesNotContain(0L);
            assertThat(r.raw1()).hasSize(4).doesNotContain(0L);
            assertThat(r.rawN()).hasSize(4).doesNotContain(0L);
            assertThat(r.bytesPerChange()).as("every change crosses the server's connections").isPositive();
        }
        assertThat(results.get(1).stateBytes()).as("19 routes in maintenance make a larger state than 1")
                .isGreaterThan(results.get(0).stateBytes() * 5);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(ScaleResult.CSV_HEADER);
        assertThat(lines.get(4)).startsWith("redis,3,20,");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("redis raw transport, 1 receiver: p50")
                .contains("redis   3 instances     20 routes: p50");

        ScaleResult.printTable(results, out);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| redis | 3 | 20 |");
    }

    @Test
    void optionsHaveDefaultsAndRefuseBadValuesNamingThem() {
        ScaleBenchmark.Options o = ScaleBenchmark.Options.parse();
        assertThat(o.stores()).containsExactly("redis", "jdbc");
        assertThat(o.instances()).containsExactly(3, 10, 30);
        assertThat(o.routes()).containsExactly(10, 1000, 10000);
        assertThat(o.heartbeat()).isNull();
        assertThat(ScaleBenchmark.Options.parse("--store", "jdbc", "--heartbeat-seconds", "60").heartbeat())
                .isEqualTo(Duration.ofMinutes(1));

        assertThatThrownBy(() -> ScaleBenchmark.Options.parse("--store", "mongo"))
                .hasMessage("--store must be redis, jdbc or both, got 'mongo'");
        assertThatThrownBy(() -> ScaleBenchmark.Options.parse("--instances", "3,1"))
                .hasMessage("--instances must be 2 to 200, got 1");
        assertThatThrownBy(() -> ScaleBenchmark.Options.parse("--routes", "10,x"))
                .hasMessage("--routes must be a number, got 'x'");
        assertThatThrownBy(() -> ScaleBenchmark.Options.parse("--routes", "10001"))
                .hasMessage("--routes must be 2 to 10000, got 10001");
        assertThatThrownBy(() -> ScaleBenchmark.Options.parse("--changes")).hasMessage("option --changes needs a value");
        assertThatThrownBy(() -> ScaleBenchmark.Options.parse("--rounds", "3"))
                .hasMessageStartingWith("unknown option --rounds");
    }

    @Test
    void serverBytesAddTheSentAndReceivedCountersOfEveryConnection() {
        String ss = """
                0      0      127.0.0.1:6379   127.0.0.1:50000
                	 cubic rto:201 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:10
                0      0      127.0.0.1:6379   127.0.0.1:50002
                	 cubic rto:201 bytes_sent:50 bytes_acked:50 bytes_received:7 segs_out:2
                """;
        assertThat(ServerBytes.parse(ss)).isEqualTo(1200 + 300 + 50 + 7);
        assertThat(ServerBytes.parse("")).isZero();
    }
}
