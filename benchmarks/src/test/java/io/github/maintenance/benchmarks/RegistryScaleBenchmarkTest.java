package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A tiny run of the registry scale measurements against real servers; its options. */
class RegistryScaleBenchmarkTest {

    @Test
    void aTinyRunMeasuresEachSessionCountAndLeavesTheRouteServing() throws Exception {
        RegistryScaleBenchmark.Result one;
        RegistryScaleBenchmark.Result five;
        try (RegistryBenchmark.Setup setup = RegistryBenchmark.Setup.start()) {
            one = RegistryScaleBenchmark.run(setup, 1, 10, 2);
            five = RegistryScaleBenchmark.run(setup, 5, 10, 2);
            assertThat(setup.controller.status("admin").inMaintenance()).as("every cycle exits again").isFalse();
        }

        for (RegistryScaleBenchmark.Result r : List.of(one, five)) {
            assertThat(r.visible()).hasSize(10).doesNotContain(0L).isSorted();
            assertThat(r.http()).hasSize(10).doesNotContain(0L).isSorted();
            assertThat(r.reply()).hasSize(10).doesNotContain(0L);
            assertThat(r.snapshot()).hasSize(10).doesNotContain(0L);
        }
        assertThat(five.sessions()).isEqualTo(5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RegistryScaleBenchmark.print(List.of(one, five), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| 1 | ").contains("| 5 | ");
    }

    @Test
    void optionsAreValidated() {
        assertThat(RegistryScaleBenchmark.Options.parse().sessions()).containsExactly(1, 100, 1000);
        assertThatThrownBy(() -> RegistryScaleBenchmark.Options.parse("--sessions", "0"))
                .hasMessage("--sessions must be 1 to 1100, got 0");
        assertThatThrownBy(() -> RegistryScaleBenchmark.Options.parse("--cycles")).hasMessage("option --cycles needs a value");
        assertThatThrownBy(() -> RegistryScaleBenchmark.Options.parse("--bogus", "1"))
                .hasMessageStartingWith("unknown option --bogus");
    }
}
