package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code maintenancectl.jar} run through {@code scripts/maintenancectl}, as a separate
 * process against a real registry: it runs on its own (picocli and the protocol helpers inside),
 * knows its version, exec returns its command's status, and SIGTERM during exec still exits
 * maintenance.
 */
class MaintenanceCtlJarIT {

    private static final Path JAR = Path.of(System.getProperty("maintenancectl.jar", "target/maintenancectl.jar"));
    private static final Path SCRIPT = Path.of(System.getProperty("maintenancectl.script", "../scripts/maintenancectl"));

    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("admin").path("/admin").build()), b -> b);
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        f.close();
    }

    private Process launch(String... args) throws IOException {
        assertThat(JAR).as("run mvn package first").exists();
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MAINTENANCECTL_JAR", JAR.toAbsolutePath().toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
        return process;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void theWrapperRunsTheJar() throws Exception {
        Process p = launch("status", "--port", Integer.toString(f.port()));
        CompletableFuture<String> out = drain(p.getInputStream());

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out.get(10, TimeUnit.SECONDS)).startsWith("Maintenance: none (every route is serving)\nDrain: none\n");
    }

    @Test
    void theJarKnowsItsVersionAndItsHelp() throws Exception {
        Process p = launch("--version");
        CompletableFuture<String> out = drain(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo("maintenancectl "
                + System.getProperty("maintenancectl.version") + "\n");

        Process help = launch("exec", "--help");
        CompletableFuture<String> helpOut = drain(help.getInputStream());
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(helpOut.get(10, TimeUnit.SECONDS)).startsWith("Run a command in maintenance")
                .contains("Usage: maintenancectl exec ");
    }

    @Test
    void execReturnsTheCommandsStatusAndExitsMaintenance() throws Exception {
        Process p = launch("--port", Integer.toString(f.port()), "exec", "--target", "/admin", "--", "sh", "-c",
                "read line; exit 7");
        CompletableFuture<String> err = drain(p.getErrorStream());
        await().atMost(Duration.ofSeconds(30)).until(() -> f.controller.status("admin").inMaintenance());

        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        assertThat(err.get(10, TimeUnit.SECONDS)).contains("maintenance exited on /admin (sh exited with 7)");
    }

    @Test
    void sigtermDuringExecStillExitsMaintenance() throws Exception {
        Process p = launch("--port", Integer.toString(f.port()), "exec", "--target", "/admin", "--", "sh", "-c",
                "read line; exit 0");
        CompletableFuture<String> err = drain(p.getErrorStream());
        await().atMost(Duration.ofSeconds(30)).until(() -> f.controller.status("admin").inMaintenance());
        await().atMost(Duration.ofSeconds(30)).until(() -> p.descendants().findAny().isPresent());

        assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("terminated by the signal").isEqualTo(143);
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        err.get(10, TimeUnit.SECONDS);
    }
}
