package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/serve-maintenance.sh} driving the packaged jar: start, status, a second start,
 * stop and a stale PID file. Every server runs on a free loopback port; any process the test
 * started is killed afterwards by its PID.
 */
class ServeScriptIT {

    private static final Path SCRIPT = Path.of(System.getProperty("serve.script", "../scripts/serve-maintenance.sh"));

    @TempDir
    Path dir;
    private Path pidFile;
    private int port;
    private final List<Long> started = new ArrayList<>();

    /** What one run of the script did. */
    record Result(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void pickPort() throws IOException {
        pidFile = dir.resolve("run").resolve("page.pid");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void killWhatWeStarted() throws Exception {
        readPid().ifPresent(started::add);
        String jarArgument = "-jar " + StandaloneJarIT.JAR.toAbsolutePath();
        for (long pid : started) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (pid != ProcessHandle.current().pid() && h.isPresent() && h.get().isAlive()
                    && h.get().info().commandLine().orElse("").contains(jarArgument)) {
                h.get().destroyForcibly();
                h.get().onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private Result script(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MAINTENANCE_"));
        env.put("MAINTENANCE_JAR", StandaloneJarIT.JAR.toAbsolutePath().toString());
        env.put("MAINTENANCE_PID_FILE", pidFile.toString());
        env.put("MAINTENANCE_HOST", "127.0.0.1");
        env.put("MAINTENANCE_PORT", Integer.toString(port));
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> StandaloneJarIT.readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> StandaloneJarIT.readAll(p.getErrorStream()));
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("script " + List.of(args) + " finished").isTrue();
        Result r = new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        readPid().ifPresent(started::add);
        return r;
    }

    private Result script(String... args) throws Exception {
        return script(Map.of(), args);
    }

    private Optional<Long> readPid() throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String s = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        return s.matches("\\d+") ? Optional.of(Long.parseLong(s)) : Optional.empty();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void startStatusSecondStartStopAndStatusAgain() throws Exception {
        Result start = script(Map.of("MAINTENANCE_MESSAGE", "Deploying version 42"), "start", "--retry-after", "2m");
        assertThat(start.status()).as(start.all()).isZero();
        long pid = readPid().orElseThrow();
        assertThat(start.out()).isEqualTo("serve-maintenance: started (pid " + pid + "): http://127.0.0.1:" + port + "\n");
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

        HttpResponse<String> page = Http.get(uri("/shop"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(page.body()).contains("Deploying version 42");
        assertThat(Http.get(uri("/health")).statusCode()).isEqualTo(200);

        Result status = script("status");
        assertThat(status.status()).isZero();
        assertThat(status.out()).isEqualTo("serve-maintenance: running (pid " + pid + ")\n");

        Result again = script("start");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("serve-maintenance: already running (pid " + pid + "); stop it first\n");
        assertThat(readPid()).hasValue(pid);

        Result stop = script("stop");
        assertThat(stop.status()).as(stop.all()).isZero();
        assertThat(stop.out()).isEqualTo("serve-maintenance: stopped (pid " + pid + ")\n");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pidFile).doesNotExist();
        assertThat(Files.readString(dir.resolve("run").resolve("page.log")))
                .contains("Maintenance page server stopped.");

        Result after = script("status");
        assertThat(after.status()).isEqualTo(3);
        assertThat(after.out()).isEqualTo("serve-maintenance: not running\n");
        Result stopAgain = script("stop");
        assertThat(stopAgain.status()).isZero();
        assertThat(stopAgain.out()).isEqualTo("serve-maintenance: not running\n");
    }

    @Test
    void aServerThatStopsWhenHealthyLeavesAStalePidFileThatStartReplaces() throws Exception {
        AtomicInteger health = new AtomicInteger(503);
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        app.createContext("/health", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(health.get(), -1);
            }
        });
        app.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/health");
            Result start = script(Map.of("MAINTENANCE_STOP_WHEN_HEALTHY", url.toString()), "start",
                    "--health-interval", "100ms");
            assertThat(start.status()).as(start.all()).isZero();
            long pid = readPid().orElseThrow();
            assertThat(Http.get(uri("/")).statusCode()).isEqualTo(503);

            health.set(200);

            Optional<ProcessHandle> server = ProcessHandle.of(pid);
            if (server.isPresent()) {
                server.get().onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(Files.readString(dir.resolve("run").resolve("page.log")))
                    .contains("application healthy at " + url + " after ")
                    .endsWith("Maintenance page server stopped.\n");
            Result status = script("status");
            assertThat(status.status()).isEqualTo(1);
            assertThat(status.out()).isEqualTo("serve-maintenance: not running, but the PID file " + pidFile
                    + " is left over (stale)\n");
            Result again = script("start");
            assertThat(again.status()).as(again.all()).isZero();
            assertThat(again.out()).startsWith("serve-maintenance: removed the stale PID file " + pidFile + "\n");
            assertThat(script("stop").status()).isZero();
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aStalePidFileIsReportedThenReplacedByStart() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, gone.pid() + "\n");

        Result status = script("status");
        assertThat(status.status()).isEqualTo(1);
        assertThat(status.out()).isEqualTo("serve-maintenance: not running, but the PID file " + pidFile
                + " is left over (stale)\n");

        Result start = script("start");
        assertThat(start.status()).as(start.all()).isZero();
        assertThat(start.out()).startsWith("serve-maintenance: removed the stale PID file " + pidFile + "\n"
                + "serve-maintenance: started (pid ");
        assertThat(readPid()).isPresent().get().isNotEqualTo(gone.pid());
        assertThat(Http.get(uri("/")).statusCode()).isEqualTo(503);

        assertThat(script("stop").status()).isZero();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aPidFileOfAnotherProgramIsStaleToo() throws Exception {
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        Result status = script("status");
        assertThat(status.status()).as("our own test JVM is not the page server").isEqualTo(1);

        Result stop = script("stop");
        assertThat(stop.status()).isZero();
        assertThat(stop.out()).isEqualTo("serve-maintenance: not running (removed the stale PID file " + pidFile + ")\n");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aServerThatCannotStartIsReportedWithItsOutput() throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(taken.getLocalPort()).isEqualTo(port);
            Result start = script("start");

            assertThat(start.status()).isEqualTo(1);
            assertThat(start.err()).startsWith("serve-maintenance: the server exited at once; its output (")
                    .contains("maintenance-standalone: cannot listen on 127.0.0.1:" + port);
            assertThat(pidFile).doesNotExist();
        }
    }

    @Test
    void badUsageExitsWith2() throws Exception {
        Result none = script();
        Result extra = script("status", "--now");

        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("serve-maintenance: usage: serve-maintenance.sh start [OPTIONS...] | stop | status "
                + "| install-service\n");
        assertThat(extra.status()).isEqualTo(2);
        assertThat(extra.err()).isEqualTo("serve-maintenance: status takes no options\n");
    }

    @Test
    void aMissingJarIsExplained() throws Exception {
        Result start = script(Map.of("MAINTENANCE_JAR", dir.resolve("nope.jar").toString()), "start");

        assertThat(start.status()).isEqualTo(1);
        assertThat(start.err()).startsWith("serve-maintenance: no jar at " + dir.resolve("nope.jar"));
        assertThat(pidFile).doesNotExist();
    }
}
