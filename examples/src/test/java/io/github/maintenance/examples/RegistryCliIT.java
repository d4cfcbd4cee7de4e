package io.github.maintenance.examples;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end, as the README's session goes: the packaged demo jar as one process (its registry
 * protected by a token), {@code scripts/maintenancectl} as another: enter /admin (503 while / stays
 * 200), exit, and exec around a command, whose exit status comes back.
 */
class RegistryCliIT {

    private static final Path DEMO = Path.of(System.getProperty("demo.jar", "target/maintenance-demo.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Process demo;
    private URI base;
    private int registryPort;

    @BeforeEach
    void startDemo() throws Exception {
        assertThat(DEMO).as("run mvn package first").exists();
        demo = new ProcessBuilder(JAVA, "-jar", DEMO.toString(), "--http-port", "0", "--registry-port", "0",
                "--token", "s3cret").start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture.runAsync(() -> readLines(demo.getInputStream(), lines));
        CompletableFuture.runAsync(() -> readLines(demo.getErrorStream(), new LinkedBlockingQueue<>()));
        while (base == null || registryPort == 0) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("demo banner").isNotNull();
            if (line.startsWith("  home ")) {
                base = URI.create(line.substring(line.indexOf("http")).trim());
            } else if (line.startsWith("  registry ")) {
                String addr = line.trim().split("\\s+")[1];
                registryPort = Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
                assertThat(line).endsWith("(token required)");
            }
        }
    }

    @AfterEach
    void stopDemo() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            demo.toHandle().destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    private Process ctl(String... args) throws IOException {
        return Maintenancectl.start(registryPort, "s3cret", args);
    }

    private Maintenancectl.Result run(String... args) throws Exception {
        return Maintenancectl.run(registryPort, "s3cret", args);
    }

    private int status(String path) {
        return Http.get(base.resolve(path)).statusCode();
    }

    @Test
    void enterExitAndExecThroughTheRegistry() throws Exception {
        Maintenancectl.Result enter = run("enter", "--target", "/admin");
        assertThat(enter.status()).as(enter.err()).isZero();
        assertThat(enter.out()).isEqualTo("Maintenance entered on /admin.\n");
        assertThat(status("/admin")).isEqualTo(503);
        assertThat(status("/")).isEqualTo(200);

        Maintenancectl.Result st = run("status");
        assertThat(st.out()).startsWith("Maintenance: 1 route(s)\n  admin  */admin  since ");

        Maintenancectl.Result exit = run("exit", "--target", "/admin");
        assertThat(exit.status()).isZero();
        assertThat(status("/admin")).isEqualTo(200);

        Process exec = ctl("exec", "--target", "/admin", "--", "sh", "-c", "read line; exit 5");
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> Maintenancectl.readAll(exec.getErrorStream()));
        await(Duration.ofSeconds(30)).until(() -> status("/admin") == 503);
        assertThat(status("/")).isEqualTo(200);
        try (OutputStream stdin = exec.getOutputStream()) {
            stdin.write("done\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(exec.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(exec.exitValue()).as("the command's status").isEqualTo(5);
        assertThat(status("/admin")).isEqualTo(200);
        assertThat(err.get(10, TimeUnit.SECONDS)).contains("maintenance exited on /admin (sh exited with 5)");
    }

    @Test
    void aWrongTokenIsRefusedWithAClearMessage() throws Exception {
        Maintenancectl.Result r = run("--token", "guess", "enter");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("the registry refused the token (unauthorized)");
        assertThat(status("/")).isEqualTo(200);
    }

    private static void readLines(InputStream in, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
