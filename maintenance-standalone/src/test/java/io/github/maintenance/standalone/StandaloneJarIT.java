package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.testing.Awaits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code maintenance-standalone.jar}, run with {@code java -jar} as its own process. */
class StandaloneJarIT {

    static final Path JAR = Path.of(System.getProperty("standalone.jar", "target/maintenance-standalone.jar"));

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process launch(List<String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("MAINTENANCE_"));
        for (int i = 0; i < env.size(); i += 2) {
            pb.environment().put(env.get(i), env.get(i + 1));
        }
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines a process prints, as they come. */
    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(read failed: " + e + ")");
            }
        }, "jar-output");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static URI baseOf(String banner) {
        assertThat(banner).as("first line of output").isNotNull()
                .matches("Maintenance page server listening on http://127\\.0\\.0\\.1:\\d+ \\(pid \\d+, status 503, "
                        + "languages en,de,fr,es,it,nl\\)");
        String url = banner.substring(banner.indexOf("http://"), banner.indexOf(" (pid"));
        return URI.create(url);
    }

    @Test
    void theJarNeedsNothingButTheJdk() throws IOException {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.github.maintenance.standalone.StandaloneServer");
            assertThat(jar.getEntry("io/github/maintenance/page/PageRenderer.class")).isNotNull();
            assertThat(jar.getEntry("io/github/maintenance/page/maintenance.html")).isNotNull();
            assertThat(jar.getEntry("io/github/maintenance/page/texts.properties")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
                    .allMatch(n -> n.startsWith("io/github/maintenance/"));
        }
        assertThat(Files.size(JAR)).as("small").isLessThan(256 * 1024);
    }

    @Test
    void itServesThePageFromEnvironmentVariablesAndStopsCleanlyOnSigterm() throws Exception {
        Process p = launch(List.of("MAINTENANCE_PORT", "0", "MAINTENANCE_HOST", "127.0.0.1",
                "MAINTENANCE_TITLE", "ACME is upgrading", "MAINTENANCE_MESSAGE", "Back at <b>noon</b>",
                "MAINTENANCE_RETRY_AFTER", "90"));
        BlockingQueue<String> out = lines(p.getInputStream());
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        URI base = baseOf(out.poll(60, TimeUnit.SECONDS));

        HttpResponse<String> page = Http.get(base.resolve("/anything/at/all"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).hasValue("90");
        assertThat(page.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(page.body()).isEqualTo("ACME is upgrading\nBack at <b>noon</b>\n");
        HttpResponse<String> health = Http.get(base.resolve("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"maintenance\":true}");

        assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(p.exitValue()).as("the JVM's status after SIGTERM").isEqualTo(143);
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("Stopping the maintenance page server...");
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("Maintenance page server stopped.");
        assertThat(err.get(10, TimeUnit.SECONDS)).as("nothing on stderr, no SLF4J warning either").isEmpty();
    }

    @Test
    void itStopsItselfWithStatus0OnceTheApplicationIsHealthy() throws Exception {
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(503);
        com.sun.net.httpserver.HttpServer app = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        app.createContext("/health", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(status.get(), -1);
            }
        });
        app.start();
        try {
            URI health = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/health");
            Process p = launch(List.of("MAINTENANCE_STOP_WHEN_HEALTHY", health.toString()), "--host", "127.0.0.1",
                    "--port", "0", "--health-interval", "200ms");
            BlockingQueue<String> out = lines(p.getInputStream());
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            URI base = baseOf(out.poll(60, TimeUnit.SECONDS));
            assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("Stopping when " + health
                    + " answers 2xx 2 times in a row (a check every 200ms, time-out 2s)");
            assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("health check of " + health + ": 503");
            assertThat(Http.get(base.resolve("/")).statusCode()).as("standing in").isEqualTo(503);

            status.set(204);

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped by itself").isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("health check of " + health
                    + ": healthy (1 of 2 in a row)");
            assertThat(out.poll(10, TimeUnit.SECONDS)).matches("application healthy at " + java.util.regex.Pattern
                    .quote(health.toString()) + " after \\d+ checks; stood in for \\d+s; stopping");
            assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("Stopping the maintenance page server...");
            assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("Maintenance page server stopped.");
            assertThat(err.get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            app.stop(0);
        }
    }

    @Test
    void itServesHttpsOnlyFromPemFilesNamedInTheEnvironment(@TempDir Path dir) throws Exception {
        TestCertificates.Identity id = TestCertificates.generate(dir, "server", "EC");
        Process p = launch(List.of("MAINTENANCE_PORT", "off", "MAINTENANCE_HTTPS_PORT", "0",
                "MAINTENANCE_HOST", "127.0.0.1", "MAINTENANCE_TLS_CERT", id.certPem().toString(),
                "MAINTENANCE_TLS_KEY", id.keyPem().toString()));
        BlockingQueue<String> out = lines(p.getInputStream());
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String banner = out.poll(60, TimeUnit.SECONDS);

        assertThat(banner).as("first line of output").isNotNull()
                .matches("Maintenance page server listening on https://127\\.0\\.0\\.1:\\d+ \\(pid \\d+, status 503, "
                        + "languages en,de,fr,es,it,nl; certificate CN=127\\.0\\.0\\.1,O=maintenance test, expires "
                        + id.cert().getNotAfter().toInstant() + "\\)");
        URI health = URI.create(banner.substring(banner.indexOf("https://"), banner.indexOf(" (pid")) + "/health");
        HttpClient client = HttpClient.newBuilder().sslContext(id.trustingClient()).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"maintenance\":true}");

        assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(err.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aBadVariableExitsWith2AndNamesIt() throws Exception {
        Process p = launch(List.of("MAINTENANCE_RETRY_AFTER", "soon"));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err.get(10, TimeUnit.SECONDS)).isEqualTo("maintenance-standalone: MAINTENANCE_RETRY_AFTER: "
                + "expected a duration such as 30s, 5m or 300, got 'soon'\nTry --help.\n");
    }

    @Test
    void aPortInUseExitsWith1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = launch(List.of(), "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(err.get(10, TimeUnit.SECONDS)).startsWith("maintenance-standalone: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void helpPrintsTheUsage() throws Exception {
        Process p = launch(List.of(), "--help");
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isZero();
        assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo(StandaloneConfig.USAGE);
    }

    @Test
    void beyondMaxConnectionsNewConnectionsAreClosedAtOnce() throws Exception {
        Process p = launch(List.of(), "--host", "127.0.0.1", "--port", "0", "--max-connections", "30",
                "--request-timeout", "60s");
        BlockingQueue<String> out = lines(p.getInputStream());
        URI base = baseOf(out.poll(60, TimeUnit.SECONDS));
        List<Socket> slow = new ArrayList<>();
        try {
            // 30 connections each in the middle of a request head, then 20 too many.
            for (int i = 0; i < 30 + 20; i++) {
                Socket s = new Socket(base.getHost(), base.getPort());
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.setSoTimeout(1);
                slow.add(s);
            }
            Awaits.await(Duration.ofSeconds(20)).until(() -> closedByServer(slow) >= 20);
            assertThat(closedByServer(slow)).as("only those beyond the limit").isEqualTo(20);
            assertThat(closedByServer(slow.subList(0, 30))).as("the first 30 stay open").isZero();
            assertThat(p.isAlive()).isTrue();
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        Awaits.await(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> Http.get(base.resolve("/")).statusCode() == 503);
    }

    /** How many of the sockets the server has closed (read gives end of stream or an error). */
    private static long closedByServer(List<Socket> sockets) {
        long closed = 0;
        for (Socket s : sockets) {
            try {
                if (s.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (java.net.SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                closed++;
            }
        }
        return closed;
    }

    @Test
    void aClientThatNeverFinishesItsRequestIsDisconnected() throws Exception {
        Process p = launch(List.of(), "--host", "127.0.0.1", "--port", "0", "--request-timeout", "1s");
        BlockingQueue<String> out = lines(p.getInputStream());
        URI base = baseOf(out.poll(60, TimeUnit.SECONDS));

        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            slow.setSoTimeout(30_000);
            OutputStream o = slow.getOutputStream();
            o.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = slow.getInputStream();
            CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.read();
                } catch (IOException e) {
                    return -2;
                }
            });
            Awaits.await(Duration.ofSeconds(25)).until(closed::isDone);
            assertThat(closed.get()).as("the server closed the connection").isLessThan(0);
        }
        assertThat(Http.get(base.resolve("/")).statusCode()).as("still serving others").isEqualTo(503);
    }
}
