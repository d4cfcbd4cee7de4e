package io.github.maintenance.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

class PageRendererTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-01-01T12:30:00Z");

    private final PageRenderer renderer = new PageRenderer(PageSettings.ofDefaults());

    @Test
    void theDefaultMaintenancePageShowsTitleMessageEndAndRefreshes() {
        RenderedPage page = renderer.maintenance(null, Duration.ofSeconds(300), UNTIL, NOW);
        String html = page.body(Variant.HTML);

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("<title>Down for maintenance</title>");
        assertThat(html).contains("<h1>Down for maintenance</h1>");
        assertThat(html).contains(PageSettings.DEFAULT_MESSAGE);
        assertThat(html).contains("2026-01-01 12:30 UTC");
        assertThat(html).contains("data-until=\"2026-01-01T12:30:00Z\"");
        assertThat(html).contains("2026-01-01 10:00 UTC");
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"30\">");
        assertThat(html).contains("class=\"spinner\"").contains("<style>");
        assertThat(html).doesNotContain("{{").doesNotContain("<link").doesNotContain("src=\"http");
    }

    @Test
    void theJsonBodyHasTheSeedShape() {
        assertThat(renderer.maintenance("Back soon", Duration.ofSeconds(120), UNTIL, NOW).body(Variant.JSON))
                .isEqualTo("{\"status\":\"maintenance\",\"message\":\"Back soon\",\"retry_after\":120,"
                        + "\"until\":\"2026-01-01T12:30:00Z\"}");
        assertThat(renderer.maintenance(null, Duration.ofSeconds(300), null, NOW).body(Variant.JSON))
                .isEqualTo("{\"status\":\"maintenance\",\"message\":\"" + PageSettings.DEFAULT_MESSAGE
                        + "\",\"retry_after\":300,\"until\":null}");
    }

    @Test
    void thePlainTextBodyNamesTitleMessageAndEnd() {
        assertThat(renderer.maintenance("Back soon", Duration.ofSeconds(120), UNTIL, NOW).body(Variant.TEXT))
                .isEqualTo("Down for maintenance\nBack soon\nExpected back: 2026-01-01T12:30:00Z\n");
        assertThat(renderer.maintenance("Back soon", Duration.ofSeconds(120), null, NOW).body(Variant.TEXT))
                .isEqualTo("Down for maintenance\nBack soon\n");
    }

    @Test
    void withoutAnEndThePageSaysItIsNotAnnounced() {
        String html = renderer.maintenance(null, Duration.ofSeconds(300), null, NOW).body(Variant.HTML);

        assertThat(html).contains("not announced yet").contains("data-until=\"\"");
    }

    @Test
    void aHostileMessageIsEscapedInEveryVariant() {
        String message = "<script>alert('pwned')</script> & \"more\"";
        RenderedPage page = renderer.maintenance(message, Duration.ofSeconds(60), null, NOW);

        String html = page.body(Variant.HTML);
        assertThat(html).doesNotContain("<script>alert").doesNotContain("</script> &");
        assertThat(html).contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
        assertThat(html).contains("data-messages=\"[&quot;\\u003cscript\\u003e");
        String json = page.body(Variant.JSON);
        assertThat(json).doesNotContain("<script>");
        assertThat(json).contains("\"message\":\"\\u003cscript\\u003ealert('pwned')\\u003c/script\\u003e \\u0026 \\\"more\\\"\"");
    }

    @Test
    void drainAndCircuitPagesHaveTheirOwnStatusAndNoEnd() {
        RenderedPage drain = renderer.drain(Duration.ofSeconds(60), NOW);
        RenderedPage circuit = renderer.circuitOpen(Duration.ofSeconds(30), NOW);

        assertThat(drain.body(Variant.JSON)).isEqualTo(
                "{\"status\":\"draining\",\"message\":\"Service draining\",\"retry_after\":60,\"until\":null}");
        assertThat(drain.body(Variant.TEXT)).isEqualTo("Service draining\nService draining\n");
        assertThat(drain.body(Variant.HTML)).contains("<h1>Service draining</h1>");
        assertThat(circuit.body(Variant.JSON)).startsWith("{\"status\":\"unavailable\",")
                .contains("\"retry_after\":30");
        assertThat(circuit.body(Variant.HTML)).contains("Temporarily unavailable")
                .contains(PageRenderer.CIRCUIT_OPEN_MESSAGE);
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        assertThat(renderer.drain(Duration.ofMillis(10), NOW).body(Variant.JSON)).contains("\"retry_after\":1,");
    }

    @Test
    void settingsChangeTextsZoneRotationAndRefresh() {
        PageSettings settings = PageSettings.ofDefaults().withTitle("Wartung").withMessage("Bald zurück")
                .withExtraMessages(List.of("Danke für Ihre Geduld")).withRefresh(Duration.ZERO)
                .withZone(ZoneId.of("Europe/Berlin"));
        String html = new PageRenderer(settings).maintenance(null, Duration.ofSeconds(300), UNTIL, NOW)
                .body(Variant.HTML);

        assertThat(html).contains("<title>Wartung</title>").contains("Bald zurück");
        assertThat(html).contains("2026-01-01 13:30 CET");
        assertThat(html).contains("[&quot;Bald zurück&quot;,&quot;Danke für Ihre Geduld&quot;]");
        assertThat(html).doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void aCustomTemplateIsUsedForTheHtmlBody() {
        PageSettings settings = PageSettings.ofDefaults()
                .withTemplate(PageTemplate.of("<p>{{status}}: {{message}} ({{retry_after}}s)</p>"));

        RenderedPage page = new PageRenderer(settings).maintenance("Upgrade", Duration.ofSeconds(90), null, NOW);

        assertThat(page.body(Variant.HTML)).isEqualTo("<p>maintenance: Upgrade (90s)</p>");
    }

    @Test
    void renderedBytesAreUtf8AndWrittenWhole() throws IOException {
        RenderedPage page = new RenderedPage("<p>é</p>", "{}", "é");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        page.writeTo(Variant.HTML, out);

        assertThat(out.toByteArray()).isEqualTo("<p>é</p>".getBytes(StandardCharsets.UTF_8));
        assertThat(page.length(Variant.HTML)).isEqualTo(9);
        assertThat(page.length(Variant.TEXT)).isEqualTo(2);
    }

    @Test
    void badSettingsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PageSettings.ofDefaults().withTitle(" "))
                .isInstanceOf(io.github.maintenance.MaintenanceException.class)
                .hasMessage("invalid value for 'pageTitle': ' ' (1 to 200 characters)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PageSettings.ofDefaults().withRefresh(Duration.ofSeconds(-1)))
                .isInstanceOf(io.github.maintenance.MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'pageRefresh'");
    }
}
