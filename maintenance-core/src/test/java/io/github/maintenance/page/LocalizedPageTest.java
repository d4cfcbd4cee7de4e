package io.github.maintenance.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/** Translations, language choice, operator texts, rotation and the Refresh header of the built-in pages. */
class LocalizedPageTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-01-01T12:30:00Z");
    private static final Duration RETRY = Duration.ofSeconds(300);

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void enableAllocationCounting() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    private static RenderedPage maintenance(PageSettings settings, String message) {
        return new PageRenderer(settings).maintenance(message, RETRY, UNTIL, NOW);
    }

    @Test
    void everyBuiltInLanguageHasEveryTextAndItsOwnPage() {
        RenderedPage page = maintenance(PageSettings.ofDefaults(), null);

        assertThat(page.languages()).containsExactly("en", "de", "fr", "es", "it", "nl");
        assertThat(page.isLocalized()).isTrue();
        for (String lang : PageTexts.BUILT_IN_LANGUAGES) {
            for (PageText key : PageText.values()) {
                assertThat(PageTexts.builtIn().get(lang, key)).as(lang + "." + key.key()).isNotBlank();
            }
            String html = page.body(Variant.HTML, lang);
            assertThat(html).contains("<html lang=\"" + lang + "\">")
                    .contains("<title>" + escaped(PageTexts.builtIn().get(lang, PageText.TITLE)) + "</title>")
                    .contains(escaped(PageTexts.builtIn().get(lang, PageText.MESSAGE)))
                    .contains(escaped(PageTexts.builtIn().get(lang, PageText.EXPECTED_BACK)))
                    .contains("aria-label=\"" + escaped(PageTexts.builtIn().get(lang, PageText.WORKING)) + "\"")
                    .doesNotContain("{{");
        }
        assertThat(page.body(Variant.HTML, "de")).contains("<h1>Wartungsarbeiten</h1>")
                .contains("Voraussichtlich zurück:").contains("Aktuelle Uhrzeit:");
        assertThat(page.body(Variant.HTML, "fr")).contains("<h1>Maintenance en cours</h1>");
        assertThat(page.body(Variant.HTML, "es")).contains("<h1>En mantenimiento</h1>");
        assertThat(page.body(Variant.HTML)).isEqualTo(page.body(Variant.HTML, "en"))
                .contains("<h1>Down for maintenance</h1>");
    }

    @Test
    void jsonAndPlainTextAreTranslatedToo() {
        RenderedPage page = maintenance(PageSettings.ofDefaults(), null);

        assertThat(page.body(Variant.JSON, "de")).isEqualTo("{\"status\":\"maintenance\",\"message\":\""
                + "Wir führen gerade geplante Wartungsarbeiten durch. Wir sind in Kürze wieder für Sie da.\","
                + "\"retry_after\":300,\"until\":\"2026-01-01T12:30:00Z\"}");
        assertThat(page.body(Variant.TEXT, "es")).isEqualTo("En mantenimiento\nEstamos realizando un mantenimiento "
                + "programado. Volveremos en breve.\nRegreso previsto: 2026-01-01T12:30:00Z\n");
    }

    @Test
    void drainAndCircuitPagesAreTranslated() {
        PageRenderer renderer = new PageRenderer(PageSettings.ofDefaults());

        assertThat(renderer.drain(RETRY, NOW).body(Variant.HTML, "de")).contains("<h1>Einen Moment bitte</h1>");
        assertThat(renderer.drain(RETRY, NOW).body(Variant.JSON)).contains("\"message\":\"Service draining\"");
        assertThat(renderer.circuitOpen(RETRY, NOW).body(Variant.HTML, "fr"))
                .contains("<h1>Temporairement indisponible</h1>");
    }

    @Test
    void theLanguageIsPickedFromAcceptLanguageWithTheFirstAsFallback() throws IOException {
        RenderedPage page = maintenance(PageSettings.ofDefaults(), null);

        int de = page.select("de-CH,de;q=0.9,en;q=0.5");
        assertThat(page.language(de)).isEqualTo("de");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.writeTo(Variant.HTML, de, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("<h1>Wartungsarbeiten</h1>");
        assertThat(page.length(Variant.HTML, de)).isEqualTo(out.size());
        assertThat(page.language(page.select("ja, zh;q=0.8"))).isEqualTo("en");
        assertThat(page.language(page.select(null))).isEqualTo("en");

        RenderedPage germanFirst = maintenance(PageSettings.ofDefaults().withLanguages(List.of("de", "en")), null);
        assertThat(germanFirst.language(germanFirst.select("ja"))).isEqualTo("de");
        assertThatThrownBy(() -> germanFirst.body(Variant.HTML, "fr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no language 'fr' in [de, en]");
    }

    @Test
    void selectingALanguageDoesNotAllocate() {
        RenderedPage page = maintenance(PageSettings.ofDefaults(), null);
        String[] headers = {"de-DE,de;q=0.9,en;q=0.8", "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "ja", null,
            "es;q=0.5, it;q=0.6"};
        long sink = 0;
        for (int warm = 0; warm < 20; warm++) {
            for (int i = 0; i < 100_000; i++) {
                sink += page.select(headers[i % headers.length]);
            }
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += page.select(headers[i % headers.length]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isPositive();
        assertThat(allocated).isLessThan(1024);
    }

    @Test
    void aFixedLanguageServesOnlyThatLanguage() {
        RenderedPage page = maintenance(PageSettings.ofDefaults().withLanguage("FR"), null);

        assertThat(page.languages()).containsExactly("fr");
        assertThat(page.isLocalized()).isFalse();
        assertThat(page.select("de")).isZero();
        assertThat(page.language(0)).isEqualTo("fr");
        assertThat(page.body(Variant.HTML)).contains("<h1>Maintenance en cours</h1>");
    }

    @Test
    void anOperatorTitleAndMessageAreShownInEveryLanguageButTheLabelsStayTranslated() {
        RenderedPage page = maintenance(PageSettings.ofDefaults().withTitle("ACME shop").withMessage("Back at noon"), null);

        assertThat(page.body(Variant.HTML, "de")).contains("<h1>ACME shop</h1>").contains("Back at noon")
                .contains("Voraussichtlich zurück:");
        assertThat(page.body(Variant.HTML, "en")).contains("<h1>ACME shop</h1>").contains("Expected back:");
    }

    @Test
    void aMessageGivenWhenEnteringIsShownInEveryLanguage() {
        RenderedPage page = maintenance(PageSettings.ofDefaults(), "Datenbank-Upgrade");

        assertThat(page.body(Variant.HTML, "fr")).contains("Datenbank-Upgrade").contains("<h1>Maintenance en cours</h1>");
        assertThat(page.body(Variant.JSON, "en")).contains("\"message\":\"Datenbank-Upgrade\"");
    }

    @Test
    void operatorTextsOverrideTranslationsAndAddLanguages() {
        PageSettings settings = PageSettings.ofDefaults().withTitle("ACME")
                .withText("de", PageText.TITLE, "ACME wird gewartet")
                .withText("pl", PageText.TITLE, "Przerwa techniczna")
                .withText("pl", PageText.MESSAGE, "Wracamy wkrótce.")
                .withLanguages(List.of("en", "de", "pl", "de-ch"));

        RenderedPage page = maintenance(settings, null);

        assertThat(page.body(Variant.HTML, "de")).contains("<h1>ACME wird gewartet</h1>");
        assertThat(page.body(Variant.HTML, "de-ch")).contains("<h1>ACME wird gewartet</h1>")
                .contains("<html lang=\"de-ch\">").contains("Voraussichtlich zurück:");
        assertThat(page.body(Variant.HTML, "en")).contains("<h1>ACME</h1>");
        assertThat(page.body(Variant.HTML, "pl")).contains("<h1>Przerwa techniczna</h1>").contains("Wracamy wkrótce.")
                .contains("Expected back:"); // a text a new language does not give falls back to English
    }

    @Test
    void textsLoadFromPropertiesFilesAndTheClassPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("texts.properties");
        Files.writeString(file, "# ours\nde.title = Geplante Wartung\nDE.Message=Gleich zurück\npt-BR.title=Em manutenção\n",
                StandardCharsets.UTF_8);

        PageTexts texts = PageTexts.fromFile(file);

        assertThat(texts.languages()).containsExactly("de", "pt-br");
        assertThat(texts.get("de", PageText.TITLE)).isEqualTo("Geplante Wartung");
        assertThat(texts.get("de", PageText.MESSAGE)).isEqualTo("Gleich zurück");
        assertThat(texts.get("pt-br", PageText.TITLE)).isEqualTo("Em manutenção");
        assertThat(PageTexts.fromClasspath("/io/github/maintenance/page/texts.properties", getClass().getClassLoader()))
                .isEqualTo(PageTexts.builtIn());
    }

    @Test
    void badTextsAreRefusedWithTheKeyAndTheRule(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PageTexts.of(props("de.headline", "x"), "t.properties"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'pageTexts': 'de.headline' (in t.properties: unknown key "
                        + "'headline'; known are [title, message, expected_back,");
        assertThatThrownBy(() -> PageTexts.of(props("title", "x"), "t.properties"))
                .hasMessage("invalid value for 'pageTexts': 'title' (in t.properties: expected <language>.<key>, e.g. de.title)");
        assertThatThrownBy(() -> PageTexts.of(props("d3.title", "x"), "t.properties"))
                .hasMessage("invalid value for 'pageTexts': 'd3.title' (in t.properties: 'd3' is not a language tag)");
        assertThatThrownBy(() -> PageTexts.of(props("de.title", "  "), "t.properties"))
                .hasMessage("invalid value for 'pageTexts': 'de.title' (the text is empty)");
        assertThatThrownBy(() -> PageTexts.of(props("de.title", "x".repeat(2001)), "t.properties"))
                .hasMessage("invalid value for 'pageTexts': 'de.title' (longer than 2000 characters)");
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "de.title=\\u00zz\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PageTexts.fromFile(bad)).isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("cannot read page texts " + bad + ": malformed properties");
        assertThatThrownBy(() -> PageTexts.fromFile(dir.resolve("none.properties")))
                .hasMessageStartingWith("cannot read page texts ");
        assertThatThrownBy(() -> PageTexts.fromClasspath("no/such.properties", getClass().getClassLoader()))
                .hasMessage("page texts not found on the class path: no/such.properties");
    }

    @Test
    void badLanguagesAreRefused() {
        PageSettings d = PageSettings.ofDefaults();

        assertThatThrownBy(() -> d.withLanguages(List.of()))
                .hasMessage("invalid value for 'pageLanguages': '[]' (1 to 32 languages)");
        assertThatThrownBy(() -> d.withLanguages(List.of("en", "EN")))
                .hasMessage("invalid value for 'pageLanguages': '[en, EN]' ('en' given twice)");
        assertThatThrownBy(() -> d.withLanguage("english"))
                .hasMessage("invalid value for 'pageLanguages': 'english' (not a language tag such as en, de or pt-BR)");
        assertThatThrownBy(() -> d.withLanguage("pl"))
                .hasMessage("invalid value for 'pageLanguages': 'pl' (no texts for this language; built-in are "
                        + "[en, de, fr, es, it, nl], others need pageTexts)");
        assertThat(d.withLanguage("pt_BR".replace("pt", "de")).languages()).containsExactly("de-br");
    }

    @Test
    void rotatingMessagesAndTheirIntervalReachThePage() {
        PageSettings settings = PageSettings.ofDefaults().withExtraMessages(List.of("Step 2 of 3", "Almost there"))
                .withRotateInterval(Duration.ofSeconds(3));

        String html = maintenance(settings, "Upgrading").body(Variant.HTML);

        assertThat(html).contains("data-messages=\"[&quot;Upgrading&quot;,&quot;Step 2 of 3&quot;,&quot;Almost there&quot;]\"")
                .contains("data-rotate=\"3\"");
        assertThat(maintenance(PageSettings.ofDefaults(), null).body(Variant.HTML)).contains("data-rotate=\"8\"");
        assertThatThrownBy(() -> PageSettings.ofDefaults().withRotateInterval(Duration.ofMillis(500)))
                .hasMessage("invalid value for 'pageRotateInterval': 'PT0.5S' (1s to 1h)");
        assertThatThrownBy(() -> PageSettings.ofDefaults().withExtraMessages(List.of("ok", " ")))
                .hasMessage("invalid value for 'pageMessages': ' ' (each message 1 to 2000 characters)");
        assertThatThrownBy(() -> PageSettings.ofDefaults().withExtraMessages(java.util.Collections.nCopies(21, "m")))
                .hasMessage("invalid value for 'pageMessages': '21 messages' (at most 20)");
    }

    @Test
    void theRefreshHeaderIsOfferedOnlyWhenAskedForAndRefreshIsOn() {
        assertThat(maintenance(PageSettings.ofDefaults(), null).refreshHeader()).isNull();
        assertThat(maintenance(PageSettings.ofDefaults().withRefreshHeader(true), null).refreshHeader()).isEqualTo("30");
        assertThat(new PageRenderer(PageSettings.ofDefaults().withRefreshHeader(true).withRefresh(Duration.ofMinutes(2)))
                .drain(RETRY, NOW).refreshHeader()).isEqualTo("120");
        assertThat(maintenance(PageSettings.ofDefaults().withRefreshHeader(true).withRefresh(Duration.ZERO), null)
                .refreshHeader()).isNull();
    }

    @Test
    void aTemplateThatIgnoresTheLanguageKeepsOneCopy() {
        PageSettings settings = PageSettings.ofDefaults().withTitle("ACME").withMessage("Back soon")
                .withTemplate(PageTemplate.of("<h1>{{title}}</h1><p>{{message}}</p>"));

        RenderedPage page = new PageRenderer(settings).maintenance(null, RETRY, null, NOW);

        assertThat(page.languages()).isEmpty();
        assertThat(page.isLocalized()).isFalse();
        assertThat(page.language(0)).isNull();
        assertThat(page.body(Variant.HTML)).isEqualTo("<h1>ACME</h1><p>Back soon</p>");
        assertThat(page.body(Variant.TEXT)).isEqualTo("ACME\nBack soon\n");
    }

    @Test
    void aCustomTemplateGetsTheLanguageAndLabels() {
        PageSettings settings = PageSettings.ofDefaults()
                .withTemplate(PageTemplate.of("<html lang=\"{{lang}}\">{{label_expected_back}} {{until}}"
                        + " ({{refresh_seconds}}/{{retry_after}}/{{rotate_seconds}})"));

        RenderedPage page = new PageRenderer(settings).maintenance(null, RETRY, null, NOW);

        assertThat(page.body(Variant.HTML, "nl")).isEqualTo("<html lang=\"nl\">Verwacht terug: nog niet bekend (30/300/8)");
    }

    @Test
    void theSixArgumentConstructorKeepsTheNewDefaults() {
        PageSettings s = new PageSettings("T", "M", List.of(), Duration.ZERO, java.time.ZoneId.of("UTC"),
                PageTemplate.builtIn());

        assertThat(s.languages()).isEqualTo(PageTexts.BUILT_IN_LANGUAGES);
        assertThat(s.texts().isEmpty()).isTrue();
        assertThat(s.rotateInterval()).isEqualTo(PageSettings.DEFAULT_ROTATE_INTERVAL);
        assertThat(s.refreshHeader()).isFalse();
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static String escaped(String s) {
        StringBuilder sb = new StringBuilder();
        PageTemplate.escapeHtml(s, sb);
        return sb.toString();
    }
}
