package io.github.maintenance.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged {@code maintenance-demo.jar} the way the README says, as a separate JVM: it
 * prints its URLs, serves and toggles over HTTP, stops cleanly on SIGTERM and exits with status 2
 * on bad arguments.
 */
class DemoJarIT {

    private static final Path JAR = Path.of(System.getProperty("demo.jar", "target/maintenance-demo.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process launch(String... args) throws IOException {
        assertThat(JAR).as("run mvn package first").exists();
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).start();
        return process;
    }

    @Test
    void startsPrintsItsUrlsTogglesAdminAndStopsCleanlyOnSigterm() throws Exception {
        Process p = launch("--http-port", "0", "--registry-port", "0");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readLines(p.getInputStream(), lines));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));

        String first = lines.poll(60, TimeUnit.SECONDS);
        assertThat(first).as("first line of output").isNotNull()
                .startsWith("Maintenance demo listening on 127.0.0.1:")
                .endsWith("(this machine only; --host 0.0.0.0 for every interface)");
        String home = lines.poll(10, TimeUnit.SECONDS);
        assertThat(home).matches("  home      http://127\\.0\\.0\\.1:\\d+/");
        URI base = URI.create(home.substring(home.indexOf("http")));

        assertThat(Http.get(base.resolve("/")).statusCode()).isEqualTo(200);
        assertThat(Http.post(base.resolve("/_control/enter?target=/admin&message=Back+soon"), "").statusCode())
                .isEqualTo(200);
        HttpResponse<String> admin = Http.get(base.resolve("/admin"));
        assertThat(admin.statusCode()).isEqualTo(503);
        assertThat(admin.body()).isEqualTo("Down for maintenance\nBack soon\n");
        assertThat(Http.get(base.resolve("/api")).statusCode()).isEqualTo(200);
        assertThat(Http.post(base.resolve("/_control/exit?target=/admin"), "").statusCode()).isEqualTo(200);
        assertThat(Http.get(base.resolve("/admin")).statusCode()).isEqualTo(200);

        assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue(); // Process.destroy() would also close our pipes

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        String out = stdout.get(10, TimeUnit.SECONDS);
        assertThat(out).contains("Stopping the maintenance demo...\nMaintenance demo stopped.\n");
        assertThat(stderr.get(10, TimeUnit.SECONDS)).contains("Maintenance controller stopped");
    }

    @Test
    void printsWhereTheDashboardIsWithAGeneratedTokenThatOpensIt() throws Exception {
        Process p = launch("--http-port", "0", "--registry-port", "0");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture.supplyAsync(() -> readLines(p.getInputStream(), lines));
        CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));

        String line = lines.poll(60, TimeUnit.SECONDS);
        while (line != null && !line.startsWith("  dashboard ")) {
            line = lines.poll(10, TimeUnit.SECONDS);
        }
        assertThat(line).as("the dashboard line").isNotNull()
                .matches("  dashboard http://127\\.0\\.0\\.1:\\d+/maintenance-admin/  token: [A-Za-z0-9_-]{32} "
                        + "\\(generated for this run; --token to choose one\\)");
        String[] words = line.trim().split("\\s+");
        URI dashboard = URI.create(words[1]);
        String token = words[3];

        assertThat(Http.get(dashboard).statusCode()).isEqualTo(200);
        assertThat(Http.get(dashboard.resolve("api/dashboard/maintenance")).statusCode()).isEqualTo(401);
        assertThat(Http.get(dashboard.resolve("api/dashboard/maintenance"), "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(200);

        assertThat(p.toHandle().destroy()).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    }

    @Test
    void badArgumentsExitWithStatus2AndUsage() throws Exception {
        Process p = launch("--http-port", "http");
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr.get(10, TimeUnit.SECONDS))
                .startsWith("maintenance-demo: --http-port must be a number from 0 to 65535, got 'http'")
                .contains("Usage: java -jar maintenance-demo.jar");
    }

    @Test
    void helpPrintsUsageAndExitsWith0() throws Exception {
        Process p = launch("--help");
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isZero();
        assertThat(stdout.get(10, TimeUnit.SECONDS)).isEqualTo(DemoArguments.USAGE);
    }

    @Test
    void theJarHasTheMainClassInItsManifest() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(DemoApp.class.getName());
        }
        assertThat(Files.size(JAR)).isGreaterThan(1_000_000L);
    }

    private static String readLines(InputStream in, BlockingQueue<String> lines) {
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                all.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
