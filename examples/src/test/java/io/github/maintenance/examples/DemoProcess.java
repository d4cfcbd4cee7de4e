package io.github.maintenance.examples;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged demo jar running as a separate JVM on a given port, its output in files. Closing
 * it kills it if it still runs.
 */
final class DemoProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("demo.jar", "target/maintenance-demo.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;
    private final int port;
    private final Path out;
    private final Path err;

    private DemoProcess(Process process, int port, Path out, Path err) {
        this.process = process;
        this.port = port;
        this.out = out;
        this.err = err;
    }

    /** A free loopback port (free when asked; the demo binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the jar with {@code --http-port port} and {@code args}; returns once it answers /health. */
    static DemoProcess start(Path logs, int port, String... args) throws IOException {
        assertThat(JAR).as("run mvn package first").exists();
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "--http-port",
                Integer.toString(port)));
        command.addAll(List.of(args));
        if (!command.contains("--registry-port")) {
            // Several demos run side by side: each gets a free registry port, never the default.
            command.addAll(List.of("--registry-port", "0"));
        }
        Path out = Files.createTempFile(logs, "demo-" + port + "-", ".out");
        Path err = Files.createTempFile(logs, "demo-" + port + "-", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        DemoProcess demo = new DemoProcess(p, port, out, err);
        try {
            await(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> !p.isAlive() || Http.get(demo.uri("/health")).statusCode() == 200);
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        assertThat(p.isAlive()).as("demo on port %d is running; stderr: %s", port, demo.stderr()).isTrue();
        return demo;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    String stdout() throws IOException {
        return Files.readString(out);
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    /** Kills it with SIGKILL (no shutdown hook runs, as in a crash) and waits for it to go. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        return process.exitValue();
    }

    /** Stops it with SIGTERM and waits for it to go. */
    int stop() throws InterruptedException {
        process.toHandle().destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
