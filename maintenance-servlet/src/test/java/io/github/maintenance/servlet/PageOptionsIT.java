package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletException;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Page options over real HTTP: escaping, languages, operator texts, rotation, Refresh, status and redirect mode. */
class PageOptionsIT {

    private static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
    private static final String PREFIX = "Invalid maintenance filter configuration: ";

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;
    private JettyServer server;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(String contextPath, MaintenanceConfig.Builder config, FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(config.build());
        server = jetty.start(contextPath, ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void start(FilterSettings settings) throws Exception {
        start("/", Apps.config(clock), settings);
    }

    private void startWith(Map<String, String> params) throws Exception {
        server = jetty.start(ctx -> {
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            params.forEach(holder::setInitParameter);
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
        controller = null;
    }

    private MaintenanceController published() {
        return (MaintenanceController) server.context().getServletContext().getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void aMessageWithAScriptIsShownAsText() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL", MaintenanceRequest.builder().message("<script>alert('x')</script> & more").build());

        HttpResponse<String> page = Http.get(server.uri("/"), "Accept", HTML);

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more");
        assertThat(Http.get(server.uri("/"), "Accept", "application/json").body())
                .contains("\\u003cscript\\u003e").doesNotContain("<script>");
    }

    @Test
    void aCustomTemplateFromAFileEscapesEveryPlaceholder(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("page.html");
        Files.writeString(template, "<!DOCTYPE html><title>{{title}}</title><p id=m>{{message}}</p>"
                + "<p>{{until}} / {{retry_after}} / {{refresh_seconds}}</p>", StandardCharsets.UTF_8);
        startWith(params("pageTemplate", template.toString(), "pageTitle", "Shop <b>closed</b>", "retryAfter", "90"));
        published().enter("ALL", MaintenanceRequest.builder().message("<img src=x onerror=alert(1)>").build());

        HttpResponse<String> page = Http.get(server.uri("/"), "Accept", HTML);

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).isEqualTo("<!DOCTYPE html><title>Shop &lt;b&gt;closed&lt;/b&gt;</title>"
                + "<p id=m>&lt;img src=x onerror=alert(1)&gt;</p><p>not announced yet / 90 / 30</p>");
    }

    @Test
    void theLanguageFollowsAcceptLanguage() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");

        HttpResponse<String> de = Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "de-DE,de;q=0.9,en;q=0.5");
        HttpResponse<String> fr = Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "es;q=0.4, fr;q=0.8");
        HttpResponse<String> unknown = Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "ja");
        HttpResponse<String> text = Http.get(server.uri("/"), "Accept-Language", "es");

        assertThat(de.body()).contains("<html lang=\"de\">").contains("<h1>Wartungsarbeiten</h1>");
        assertThat(header(de, "Content-Language")).isEqualTo("de");
        assertThat(header(de, "Vary")).isEqualTo("Accept, Accept-Language");
        assertThat(header(de, "Content-Length")).isEqualTo(
                Integer.toString(de.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(fr.body()).contains("<h1>Maintenance en cours</h1>");
        assertThat(unknown.body()).contains("<h1>Down for maintenance</h1>");
        assertThat(header(unknown, "Content-Language")).isEqualTo("en");
        assertThat(text.body()).startsWith("En mantenimiento\n");
    }

    @Test
    void theDrainPageIsTranslatedToo() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.startDrain("ALL", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));

        HttpResponse<String> r = Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "nl");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Drain-Mode")).isEqualTo("true");
        assertThat(r.body()).contains("<h1>Een ogenblik geduld</h1>");
    }

    @Test
    void aFixedLanguageAndOperatorTextsComeFromInitParameters(@TempDir Path dir) throws Exception {
        Path texts = dir.resolve("texts.properties");
        Files.writeString(texts, "fr.title=Boutique en maintenance\npl.title=Przerwa techniczna\n"
                + "pl.message=Wracamy wkrótce.\n", StandardCharsets.UTF_8);
        startWith(params("maintenance", "ALL", "pageTexts", texts.toString()));

        assertThat(Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "fr").body())
                .contains("<h1>Boutique en maintenance</h1>");
        HttpResponse<String> pl = Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "pl-PL");
        assertThat(pl.body()).as("a language the texts add is offered").contains("<h1>Przerwa techniczna</h1>");
        assertThat(header(pl, "Content-Language")).isEqualTo("pl");
        server.close();

        startWith(params("maintenance", "ALL", "pageLanguages", "fr", "pageTexts", texts.toString()));
        HttpResponse<String> fixed = Http.get(server.uri("/"), "Accept", HTML, "Accept-Language", "de");
        assertThat(fixed.body()).contains("<h1>Boutique en maintenance</h1>").contains("Retour prévu :");
        assertThat(header(fixed, "Vary")).isEqualTo("Accept");
        assertThat(header(fixed, "Content-Language")).isEqualTo("fr");
    }

    @Test
    void rotatingMessagesTheirIntervalAndTheRefreshHeaderComeFromInitParameters() throws Exception {
        startWith(params("maintenance", "ALL", "pageMessages", "Step 1: backup | Step 2: upgrade |",
                "pageRotateInterval", "3s", "pageRefreshHeader", "true", "pageRefresh", "45s", "statusCode", "429"));

        HttpResponse<String> r = Http.get(server.uri("/"), "Accept", HTML);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(header(r, "Refresh")).isEqualTo("45");
        assertThat(r.body()).contains("&quot;Step 1: backup&quot;,&quot;Step 2: upgrade&quot;]")
                .contains("data-rotate=\"3\"").contains("<meta http-equiv=\"refresh\" content=\"45\">");
    }

    @Test
    void withoutTheOptionThereIsNoRefreshHeader() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");

        assertThat(header(Http.get(server.uri("/")), "Refresh")).isNull();
    }

    @Test
    void redirectModeSendsMaintenanceToTheTargetWhichItselfPasses() throws Exception {
        start(FilterSettings.custom().redirect("/maintenance.html?from=app").build());
        controller.enter("ALL", MaintenanceRequest.builder().retryAfter(Duration.ofMinutes(2)).build());

        HttpResponse<String> r = Http.get(server.uri("/shop/cart"), "Accept", HTML);
        HttpResponse<String> target = Http.get(server.uri("/maintenance.html"));

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Location")).isEqualTo("/maintenance.html?from=app");
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("120");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(r.body()).isEmpty();
        assertThat(target.statusCode()).as("the target is exempt").isEqualTo(200);
        assertThat(target.body()).isEqualTo("app GET /maintenance.html");

        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> followed = Http.send(following, Http.request(server.uri("/anything")).build());
        assertThat(followed.statusCode()).as("one hop, no loop").isEqualTo(200);
        assertThat(followed.uri().getPath()).isEqualTo("/maintenance.html");
        assertThat(followed.previousResponse()).hasValueSatisfying(p -> assertThat(p.previousResponse()).isEmpty());
    }

    @Test
    void redirectModeUnderAContextPathWith307() throws Exception {
        start("/shop", Apps.config(clock), FilterSettings.custom().redirect("/down", 307).build());
        controller.enter("ALL");

        HttpResponse<String> r = Http.send(Http.request(server.uri("/shop/cart")).POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(header(r, "Location")).isEqualTo("/shop/down");
        assertThat(Http.get(server.uri("/shop/down/style.css")).statusCode()).as("under the target").isEqualTo(200);
        assertThat(Http.get(server.uri("/shop/downtime")).statusCode()).isEqualTo(307);
    }

    @Test
    void anAbsoluteTargetIsExemptOnlyOnItsOwnHost() throws Exception {
        start(FilterSettings.custom().redirect("http://127.0.0.1/status").build());
        controller.enter("ALL");

        assertThat(header(Http.get(server.uri("/x")), "Location")).isEqualTo("http://127.0.0.1/status");
        assertThat(Http.get(server.uri("/status")).statusCode()).isEqualTo(200);
        RawHttp.Response otherHost = RawHttp.exchange(server.port(),
                "GET /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(otherHost.status()).as("same path on another host").isEqualTo(302);
        server.close();
        controller.close();

        start(FilterSettings.custom().redirect("https://status.example.com/").build());
        controller.enter("ALL");
        HttpResponse<String> r = Http.get(server.uri("/"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Location")).isEqualTo("https://status.example.com/");
    }

    @Test
    void drainRejectionsKeepTheirPageInRedirectMode() throws Exception {
        start(FilterSettings.custom().redirect("/maintenance.html").build());
        controller.startDrain("ALL", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "X-Drain-Mode")).isEqualTo("true");
        assertThat(header(r, "Location")).isNull();
    }

    @Test
    void redirectAndBypassComeFromInitParameters() throws Exception {
        startWith(params("maintenance", "ALL", "redirectUrl", "/sorry", "redirectStatus", "307",
                "bypassSecret", "0123456789abcdef0123", "bypassPath", "/_team", "bypassTtl", "1h"));

        HttpResponse<String> r = Http.get(server.uri("/"));
        HttpResponse<String> bypass = Http.get(server.uri("/_team/0123456789abcdef0123"));

        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(header(r, "Location")).isEqualTo("/sorry");
        assertThat(bypass.statusCode()).isEqualTo(302);
        assertThat(header(bypass, "Set-Cookie")).contains("; Max-Age=3600; ");
        String cookie = header(bypass, "Set-Cookie").substring(0, header(bypass, "Set-Cookie").indexOf(';'));
        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "bypassSecret   | tooshort      | invalid value for 'bypassSecret': '(8 characters, not shown)' (16 to 256 characters; generate one with: openssl rand -hex 16)",
        "bypassSecret   | env:MAINTENANCE_TEST_UNSET_VARIABLE | invalid value for 'bypassSecret': 'env:MAINTENANCE_TEST_UNSET_VARIABLE' (environment variable 'MAINTENANCE_TEST_UNSET_VARIABLE' is not set)",
        "bypassTtl      | 1h            | invalid value for 'bypassTtl': '1h' (needs bypassSecret)",
        "redirectStatus | 307           | invalid value for 'redirectStatus': '307' (needs redirectUrl)",
        "redirectUrl    | /             | invalid value for 'redirectUrl': '/' (the target is exempt, and / would exempt the whole application;",
        "redirectUrl    | //evil.example | invalid value for 'redirectUrl': '//evil.example' (a path must start with a single /",
        "redirectUrl    | ftp://x.example/ | invalid value for 'redirectUrl': 'ftp://x.example/' (only http and https URLs, or a path)",
        "redirectUrl    | maintenance.html | invalid value for 'redirectUrl': 'maintenance.html' (a path must start with a single /",
        "pageLanguages  | en,xx-yy-zz-1234567890 | invalid value for 'pageLanguages': 'xx-yy-zz-1234567890' (not a language tag such as en, de or pt-BR)",
        "pageLanguages  | en,pl         | invalid value for 'pageLanguages': 'pl' (no texts for this language;",
        "pageTexts      | /no/such/texts.properties | cannot read page texts /no/such/texts.properties",
        "pageRotateInterval | 0s        | invalid value for 'pageRotateInterval': 'PT0S' (1s to 1h)",
        "pageRefreshHeader | yes        | invalid value for 'pageRefreshHeader': 'yes' (expected true or false)",
    })
    void aBadPageOrAccessParameterStopsTheFilterWithAPreciseMessage(String name, String value, String message) {
        Throwable thrown = catchThrowable(() -> startWith(params(name, value)));

        assertThat(thrown).as("the server does not start").isNotNull();
        ServletException error = JettyServer.startupError(thrown, PREFIX);
        assertThat(error.getMessage()).startsWith(PREFIX + message);
        assertThat(error.getMessage()).doesNotContain("tooshort");
        server = null;
    }

    @Test
    void theStartUpLogNamesTheBypassButNotItsSecret() {
        FilterSettings s = FilterSettings.custom().bypassSecret("0123456789abcdef0123").redirect("/sorry").build();

        assertThat(s.toString()).doesNotContain("0123456789abcdef0123")
                .contains("bypass=url=/<secret>, header=X-Maintenance-Bypass, cookie=maintenance_bypass, ttl=12h")
                .contains("redirect=302 /sorry");
        assertThat(FilterSettings.ofDefaults().toString()).contains("bypass=off, redirect=off");
        assertThat(PageSettings.ofDefaults().languages()).hasSize(6);
    }
}
