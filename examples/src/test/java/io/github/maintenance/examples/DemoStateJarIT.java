package io.github.maintenance.examples;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged demo with {@code --state-dir}: maintenance survives a SIGKILL, and the flag-file
 * script of the README drives a running demo.
 */
class DemoStateJarIT {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent()
            .resolve("scripts/maintenance-flag.sh");

    @TempDir
    Path dir;

    @Test
    void maintenanceSurvivesTheDemoBeingKilled() throws Exception {
        Path state = dir.resolve("state");
        try (DemoProcess first = DemoProcess.start(dir.resolve("logs"), DemoProcess.freePort(), "--state-dir",
                state.toString())) {
            assertThat(Http.post(first.uri("/_control/enter?target=ALL&message=Upgrading"), "").statusCode())
                    .isEqualTo(200);
            assertThat(Http.get(first.uri("/")).statusCode()).isEqualTo(503);

            assertThat(first.kill()).as("exit status of SIGKILL").isEqualTo(137);
            assertThat(first.stdout()).doesNotContain("Stopping the maintenance demo");
        }

        try (DemoProcess second = DemoProcess.start(dir.resolve("logs"), DemoProcess.freePort(), "--state-dir",
                state.toString())) {
            HttpResponse<String> home = Http.get(second.uri("/"));
            assertThat(home.statusCode()).isEqualTo(503);
            assertThat(home.body()).isEqualTo("Down for maintenance\nUpgrading\n");
            assertThat(Http.get(second.uri("/api")).statusCode()).isEqualTo(503);
            assertThat(second.stdout()).contains("  state     file " + state.toRealPath()
                    .resolve("maintenance-state.properties") + ", flag file " + state.toRealPath().resolve(".maintenance"));
        }
    }

    @Test
    void theFlagScriptEntersAndEndsMaintenanceOfARunningDemo() throws Exception {
        Path state = dir.resolve("state");
        try (DemoProcess demo = DemoProcess.start(dir.resolve("logs"), DemoProcess.freePort(), "--state-dir",
                state.toString())) {
            assertThat(script("enable", state.toString(), "--message", "Back in 10 minutes")).isZero();

            await(Duration.ofSeconds(20)).until(() -> Http.get(demo.uri("/admin")).statusCode() == 503);
            assertThat(Http.get(demo.uri("/admin")).body()).isEqualTo("Down for maintenance\nBack in 10 minutes\n");

            assertThat(script("disable", state.toString())).isZero();

            await(Duration.ofSeconds(20)).until(() -> Http.get(demo.uri("/admin")).statusCode() == 200);
            assertThat(demo.stop()).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);
            assertThat(demo.stdout()).contains("Maintenance demo stopped.");
        }
    }

    private static int script(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
