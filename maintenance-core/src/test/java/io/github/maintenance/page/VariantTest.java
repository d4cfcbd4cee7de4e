package io.github.maintenance.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VariantTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | HTML",
        "application/json | JSON",
        "APPLICATION/JSON | JSON",
        "application/json, text/html;q=0.9 | JSON",
        "text/html, application/json;q=0.5 | HTML",
        "application/json;q=0.5, text/html;q=0.5 | HTML",
        "application/problem+json | JSON",
        "application/json;charset=utf-8, text/html;q=0.1 | JSON",
        "text/html;level=1;q=0.3, application/json;q=0.4 | JSON",
        "text/html;xq=0, application/json;q=0.5 | HTML",
        "application/json;freq=0, text/html;q=0.5 | JSON",
        "text/html; Q=0.2, application/json;q=0.4 | JSON",
        "application/xhtml+xml | HTML",
        "*/* | TEXT",
        "text/plain | TEXT",
        "text/html;q=0 | TEXT",
        "application/json;q=0, text/plain | TEXT",
        "image/png, image/*;q=0.8 | TEXT",
        "text/htmlx | TEXT",
        "'  text/html  ' | HTML",
        ",,, | TEXT",
        "text/html;q= | HTML",
    })
    void negotiatesByAcceptHeader(String accept, Variant expected) {
        assertThat(Variant.negotiate(accept)).isEqualTo(expected);
    }

    @Test
    void noHeaderMeansPlainText() {
        assertThat(Variant.negotiate(null)).isEqualTo(Variant.TEXT);
        assertThat(Variant.negotiate("")).isEqualTo(Variant.TEXT);
    }

    @Test
    void contentTypes() {
        assertThat(Variant.HTML.contentType()).isEqualTo("text/html;charset=utf-8");
        assertThat(Variant.JSON.contentType()).isEqualTo("application/json");
        assertThat(Variant.TEXT.contentType()).isEqualTo("text/plain;charset=utf-8");
    }
}
