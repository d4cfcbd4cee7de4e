package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.servlet.FilterSettings;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page server answers as the servlet filter does: the same page, byte for byte, and the same
 * headers (apart from {@code Date} and {@code Server}) for the same {@code Accept} and
 * {@code Accept-Language}. The filter runs on a real Jetty in front of an application it never
 * lets through, with the default settings; the page server with its defaults; both on loopback.
 */
class FilterParityTest {

    private static final List<String> ACCEPTS = List.of("", "*/*", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
            "application/json", "text/plain", "application/json;q=0.5,text/html");
    private static final List<String> LANGUAGES = List.of("", "de", "fr-CA,fr;q=0.9,en;q=0.5", "nl", "pt-BR", "*");

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;
    private JettyServer filter;
    private StandaloneServer standalone;

    /** The application behind the filter: it must never answer. */
    static final class Unreachable extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(418, "the filter let a request through");
        }
    }

    @BeforeEach
    void start() throws Exception {
        controller = MaintenanceController.create(MaintenanceConfig.custom().clock(clock).tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run).instanceName("parity").build());
        controller.enter("ALL");
        filter = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, FilterSettings.ofDefaults()));
            JettyServer.addServlet(ctx, new Unreachable(), "/*");
        });
        standalone = StandaloneServer.start(StandaloneConfig.parse(Map.of(),
                new String[] {"--host", "127.0.0.1", "--port", "0"}, getClass().getClassLoader()), clock);
    }

    @AfterEach
    void stop() {
        if (standalone != null) {
            standalone.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    private static HttpResponse<byte[]> send(URI uri, String method, String accept, String language)
            throws Exception {
        HttpRequest.Builder b = Http.request(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (!accept.isEmpty()) {
            b.header("Accept", accept);
        }
        if (!language.isEmpty()) {
            b.header("Accept-Language", language);
        }
        return Http.CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                .get(Http.ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The headers by lower-case name (HttpClient's view), without those each server adds on its own. */
    private static Map<String, List<String>> comparable(HttpResponse<?> r) {
        Map<String, List<String>> headers = new TreeMap<>(r.headers().map());
        headers.remove("date");
        headers.remove("server");
        return headers;
    }

    @Test
    void theSamePageAndHeadersForEveryAcceptAndLanguage() throws Exception {
        int compared = 0;
        for (String method : List.of("GET", "HEAD")) {
            for (String accept : ACCEPTS) {
                for (String language : LANGUAGES) {
                    String what = method + " Accept=" + accept + " Accept-Language=" + language;
                    HttpResponse<byte[]> f = send(filter.uri("/shop/cart"), method, accept, language);
                    HttpResponse<byte[]> s = send(URI.create("http://127.0.0.1:" + standalone.port() + "/shop/cart"),
                            method, accept, language);

                    assertThat(f.statusCode()).as(what).isEqualTo(503);
                    assertThat(s.statusCode()).as(what).isEqualTo(f.statusCode());
                    assertThat(s.body()).as(what).isEqualTo(f.body());
                    assertThat(comparable(s)).as(what).isEqualTo(comparable(f));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * ACCEPTS.size() * LANGUAGES.size());
        assertThat(controller.totals().lifetimeMaintenanceHits()).as("every filter request was blocked")
                .isEqualTo(compared);
    }

    /**
     * With an announced end still ahead, both send it as {@code Retry-After} (an IMF-fixdate), and
     * the same pages (which name it) for every variant and two languages.
     */
    @Test
    void anAnnouncedEndIsSentAsTheSameRetryAfterDate() throws Exception {
        Instant until = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        controller.enter("ALL", MaintenanceRequest.builder().until(until).build());
        try (StandaloneServer withEnd = StandaloneServer.start(StandaloneConfig.parse(Map.of(),
                new String[] {"--host", "127.0.0.1", "--port", "0", "--until", until.toString()},
                getClass().getClassLoader()), clock)) {
            int compared = 0;
            for (String method : List.of("GET", "HEAD")) {
                for (String accept : List.of("text/html", "application/json", "text/plain")) {
                    for (String language : List.of("en", "de")) {
                        String what = method + " Accept=" + accept + " Accept-Language=" + language;
                        HttpResponse<byte[]> f = send(filter.uri("/a"), method, accept, language);
                        HttpResponse<byte[]> s = send(URI.create("http://127.0.0.1:" + withEnd.port() + "/a"),
                                method, accept, language);

                        assertThat(f.headers().firstValue("Retry-After")).as(what)
                                .contains(PreparedResponses.IMF_FIXDATE.format(until));
                        assertThat(s.statusCode()).as(what).isEqualTo(f.statusCode()).isEqualTo(503);
                        assertThat(s.body()).as(what).isEqualTo(f.body());
                        assertThat(comparable(s)).as(what).isEqualTo(comparable(f));
                        if (method.equals("GET")) {
                            assertThat(s.body()).as(what).isNotEmpty();
                        }
                        compared++;
                    }
                }
            }
            assertThat(compared).isEqualTo(12);
        }
    }

    @Test
    void theHtmlPagesDifferPerLanguageSoTheComparisonMeansSomething() throws Exception {
        URI page = URI.create("http://127.0.0.1:" + standalone.port() + "/");
        String html = "text/html";

        assertThat(send(page, "GET", html, "de").body()).isNotEqualTo(send(page, "GET", html, "fr").body());
        assertThat(send(page, "GET", html, "de").body()).isNotEqualTo(send(page, "GET", "application/json", "de").body());
    }

    /**
     * Header names on the wire: the page server spells them as the filter does
     * ({@code X-Maintenance-Mode}, not {@code X-maintenance-mode}), and sends the same ones apart
     * from {@code Server} (which only Jetty sends).
     */
    @Test
    void headerNamesOnTheWire() {
        RawHttp.Response f = RawHttp.get(filter.port(), "/", "Host", "127.0.0.1", "Accept", "text/html");
        RawHttp.Response s = RawHttp.get(standalone.port(), "/", "Host", "127.0.0.1", "Accept", "text/html");

        assertThat(names(f)).contains("X-Maintenance-Mode", "Retry-After", "Cache-Control", "Content-Type",
                "Content-Language", "Vary", "Content-Length");
        assertThat(names(s)).containsExactlyInAnyOrder("Date", "X-Maintenance-Mode", "Retry-After", "Cache-Control",
                "Content-Type", "Content-Language", "Vary", "Content-Length", "Connection");
        assertThat(names(s)).containsExactlyInAnyOrderElementsOf(names(f).stream().filter(n -> !n.equals("Server"))
                .toList());
        assertThat(s.header("Connection")).isEqualTo(f.header("Connection")).isEqualTo("close");
        assertThat(s.body()).isEqualTo(f.body());
    }

    private static List<String> names(RawHttp.Response r) {
        List<String> names = new ArrayList<>();
        for (String line : r.headerLines()) {
            names.add(line.substring(0, line.indexOf(':')));
        }
        return names;
    }
}
