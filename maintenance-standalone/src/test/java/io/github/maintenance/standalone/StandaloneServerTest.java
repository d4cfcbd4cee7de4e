package io.github.maintenance.standalone;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.testing.Awaits;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page server in this JVM, over real HTTP on a free loopback port. */
class StandaloneServerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);

    private StandaloneServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private StandaloneServer start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        server = StandaloneServer.start(StandaloneConfig.parse(Map.of(), all.toArray(String[]::new),
                getClass().getClassLoader()), CLOCK);
        return server;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path, String... headers) {
        return Http.get(uri(path), headers);
    }

    @Test
    void everyPathAndMethodGetsTheMaintenancePage() throws Exception {
        start();

        for (String path : List.of("/", "/shop/cart?x=1", "/api/v1/orders", "/health/live", "/%7Euser")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(header(r, "Retry-After")).isEqualTo("300");
            assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
            assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
            assertThat(header(r, "Content-Type")).isEqualTo("text/plain;charset=utf-8");
            assertThat(r.body()).isEqualTo("Down for maintenance\n"
                    + "We are performing scheduled maintenance. We will be back shortly.\n");
        }
        HttpResponse<String> post = Http.send(Http.request(uri("/checkout"))
                .POST(HttpRequest.BodyPublishers.ofString("item=1")));
        assertThat(post.statusCode()).isEqualTo(503);
        assertThat(header(post, "X-Maintenance-Mode")).isEqualTo("true");
    }

    @Test
    void browsersGetTheSameSelfContainedPageAsFromTheFilter() throws Exception {
        start();

        HttpResponse<String> r = get("/", "Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(header(r, "Vary")).isEqualTo("Accept, Accept-Language");
        assertThat(header(r, "Content-Language")).isEqualTo("en");
        assertThat(r.body()).isEqualTo(new io.github.maintenance.page.PageRenderer(server.config().page())
                .maintenance(null, Duration.ofSeconds(300), null, CLOCK.instant())
                .body(io.github.maintenance.page.Variant.HTML));
        assertThat(r.body()).contains("<title>Down for maintenance</title>").contains("class=\"spinner\"")
                .doesNotContain("<link").doesNotContain("src=\"http");
    }

    @Test
    void jsonAndLanguagesAreNegotiated() throws Exception {
        start("--until", "2026-05-01T12:00:00Z", "--retry-after", "10m");

        HttpResponse<String> json = get("/api", "Accept", "application/json", "Accept-Language", "de");
        HttpResponse<String> fr = get("/", "Accept", "text/html", "Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5");

        assertThat(json.body()).isEqualTo("{\"status\":\"maintenance\",\"message\":\"Wir führen gerade geplante "
                + "Wartungsarbeiten durch. Wir sind in Kürze wieder für Sie da.\",\"retry_after\":600,"
                + "\"until\":\"2026-05-01T12:00:00Z\"}");
        assertThat(header(json, "Retry-After")).as("the announced end, as the filter sends it")
                .isEqualTo("Fri, 01 May 2026 12:00:00 GMT");
        assertThat(fr.body()).contains("<h1>Maintenance en cours</h1>").contains("2026-05-01 12:00 UTC");
        assertThat(header(fr, "Content-Language")).isEqualTo("fr");
    }

    @Test
    void headAnswersWithTheHeadersAndNoBody() throws Exception {
        start();

        HttpResponse<String> head = Http.send(Http.request(uri("/x"), "Accept", "text/html")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> get = get("/x", "Accept", "text/html");

        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Length"))
                .isEqualTo(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(header(head, "X-Maintenance-Mode")).isEqualTo("true");
    }

    @Test
    void healthAnswers200Json() throws Exception {
        start();

        HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"maintenance\":true}");
        assertThat(header(r, "X-Maintenance-Mode")).isNull();
    }

    @Test
    void textsStatusAndTheRefreshHeaderAreConfigurable() throws Exception {
        start("--title", "ACME <Shop>", "--message", "Back at noon", "--status", "500", "--refresh", "45s",
                "--refresh-header", "true");

        HttpResponse<String> r = get("/", "Accept", "text/html", "Accept-Language", "de");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(header(r, "Refresh")).isEqualTo("45");
        assertThat(r.body()).contains("<h1>ACME &lt;Shop&gt;</h1>").contains("Back at noon")
                .contains("Voraussichtlich zurück:").contains("content=\"45\"");
    }

    @Test
    void aTemplateFromAFileHasItsPlaceholdersEscaped(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("page.html");
        Files.writeString(template, "<main>{{title}}|{{message}}|{{retry_after}}|{{refresh_seconds}}|{{until}}</main>",
                StandardCharsets.UTF_8);
        start("--template", template.toString(), "--message", "<script>alert(1)</script>", "--languages", "en");

        HttpResponse<String> r = get("/", "Accept", "text/html");

        assertThat(r.body()).isEqualTo("<main>Down for maintenance|&lt;script&gt;alert(1)&lt;/script&gt;|300|30|"
                + "not announced yet</main>");
    }

    @Test
    void closingStopsListeningAndEndsTheWorkerThreads() throws Exception {
        start("--threads", "2");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(Http.CLIENT.sendAsync(Http.request(uri("/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertThat(c.get().statusCode()).isEqualTo(503);
        }
        assertThat(workerThreads()).as("bounded").isBetween(1L, 2L);
        int port = server.port();

        server.close();
        server.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        Awaits.await().until(() -> workerThreads() == 0);
        server = null;
    }

    @Test
    void aPortInUseIsReportedAsABindException() throws Exception {
        start();
        StandaloneConfig same = StandaloneConfig.parse(Map.of(), new String[] {"--host", "127.0.0.1", "--port",
            Integer.toString(server.port())}, getClass().getClassLoader());

        assertThatThrownBy(() -> StandaloneServer.start(same)).isInstanceOf(BindException.class);
    }

    @Test
    void runPrintsHelpAndRefusesBadConfigurationWithStatus2() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int help = StandaloneServer.run(new String[] {"--help"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int bad = StandaloneServer.run(new String[0], Map.of("MAINTENANCE_PORT", "eighty"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(help).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(StandaloneConfig.USAGE);
        assertThat(bad).isEqualTo(StandaloneServer.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("maintenance-standalone: MAINTENANCE_PORT: "
                + "expected a number from 0 to 65535, got 'eighty'\nTry --help.\n");
    }

    @Test
    void runRefusesABadHealthUrlWithStatus2() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int bad = StandaloneServer.run(new String[] {"--host", "127.0.0.1", "--port", "0", "--stop-when-healthy",
            "file:///health"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(bad).isEqualTo(StandaloneServer.EXIT_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing started").isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("maintenance-standalone: --stop-when-healthy: "
                + "expected an http:// or https:// URL, got 'file:///health'\nTry --help.\n");
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("maintenance-page-") && t.isAlive()).count();
    }
}
