package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** One tiny run of the registry load measurements against the real servers. */
class RegistryBenchmarkTest {

    @Test
    void aTinyRunMeasuresEverythingAndPrintsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RegistryBenchmark.Options options = RegistryBenchmark.Options.parse("--seconds", "0.2", "--connections", "3",
                "--cycles", "20", "--warmup-cycles", "2", "--sessions", "5");

        RegistryBenchmark.Report report;
        try (RegistryBenchmark.Setup setup = RegistryBenchmark.Setup.start()) {
            report = RegistryBenchmark.run(options, setup, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertThat(setup.controller.status("admin").inMaintenance()).as("every cycle exits again").isFalse();
        }

        assertThat(report.pingsPerSecondOne()).isGreaterThan(0);
        assertThat(report.pingsPerSecondMany()).isGreaterThan(0);
        assertThat(report.enterToRequestNanos()).hasSize(20).doesNotContain(0L);
        assertThat(report.enterToSnapshotNanos()).hasSize(20).doesNotContain(0L);
        assertThat(report.pingsPerSecondLoaded()).isGreaterThan(0);
        assertThat(RegistryBenchmark.Report.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(2);
        assertThat(RegistryBenchmark.Report.percentile(new long[] {1, 2, 3, 4}, 99)).isEqualTo(4);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("PING round trips, 1 connection")
                .contains("MAINT_ENTER -> first request that sees maintenance: p50");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> RegistryBenchmark.Options.parse("--cycles", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RegistryBenchmark.Options.parse("--seconds")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> RegistryBenchmark.Options.parse("--bogus", "1")).hasMessageContaining("unknown option");
        assertThat(RegistryBenchmark.Options.parse()).isEqualTo(RegistryBenchmark.Options.defaults());
    }
}
