package io.github.maintenance.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class PageTemplateTest {

    @Test
    void placeholdersAreFilledAndEscaped() {
        PageTemplate t = PageTemplate.of("<h1>{{title}}</h1><p title=\"{{ message }}\">{{message}}</p>");

        String html = t.render(Map.of("title", "Tom & Jerry's", "message", "<script>alert(\"x\")</script>"));

        assertThat(html).isEqualTo("<h1>Tom &amp; Jerry&#39;s</h1>"
                + "<p title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\">"
                + "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>");
    }

    @Test
    void onlyRefreshMetaIsInsertedVerbatimAndMissingValuesAreEmpty() {
        PageTemplate t = PageTemplate.of("{{refresh_meta}}|{{until}}|{{status}}");

        assertThat(t.render(Map.of("refresh_meta", "<meta http-equiv=\"refresh\" content=\"30\">", "status", "<b>")))
                .isEqualTo("<meta http-equiv=\"refresh\" content=\"30\">||&lt;b&gt;");
    }

    @Test
    void aTemplateWithoutPlaceholdersIsKeptAsIs() {
        assertThat(PageTemplate.of("plain { text }").render(Map.of())).isEqualTo("plain { text }");
        assertThat(PageTemplate.of("").render(Map.of())).isEmpty();
    }

    @Test
    void unknownPlaceholdersAreRefusedWhenLoaded() {
        assertThatThrownBy(() -> PageTemplate.of("<p>{{secret}}</p>"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'pageTemplate': '{{secret}}' (unknown placeholder; known are [");
    }

    @Test
    void unterminatedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> PageTemplate.of("<p>{{title</p>"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'pageTemplate': '{{title</p>' (unterminated placeholder)");
    }

    @Test
    void oversizedTemplatesAreRefused() {
        String huge = "x".repeat(256 * 1024 + 1);

        assertThatThrownBy(() -> PageTemplate.of(huge))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("larger than 256 KiB");
    }

    @Test
    void templatesLoadFromFilesAndTheClassPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("page.html");
        Files.writeString(file, "<title>{{title}}</title>", StandardCharsets.UTF_8);

        assertThat(PageTemplate.fromFile(file).render(Map.of("title", "Ä"))).isEqualTo("<title>Ä</title>");
        assertThatThrownBy(() -> PageTemplate.fromFile(dir.resolve("missing.html")))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("cannot read page template ");
        assertThatThrownBy(() -> PageTemplate.fromClasspath("/no/such/template.html", getClass().getClassLoader()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("page template not found on the class path: /no/such/template.html");
        assertThat(PageTemplate.fromClasspath("/io/github/maintenance/page/maintenance.html",
                getClass().getClassLoader()).render(Map.of("title", "T"))).contains("<title>T</title>");
    }

    @Test
    void escapeHtmlEscapesTheFiveSpecialCharacters() {
        StringBuilder sb = new StringBuilder();
        PageTemplate.escapeHtml("a&b<c>d\"e'f", sb);

        assertThat(sb).hasToString("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    }
}
