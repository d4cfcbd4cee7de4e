package io.github.maintenance.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptLanguageTest {

    private static final String[] LANGUAGES = {"en", "de", "fr", "es", "pt-br"};

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "de | de",
        "DE | de",
        "de-DE,de;q=0.9,en;q=0.8 | de",
        "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5 | fr",
        "en-US,en;q=0.9 | en",
        "es-419 | es",
        "xx, de;q=0.5 | de",
        "it, nl | en",
        "de;q=0.5, fr;q=0.8 | fr",
        "de;q=0.8, fr;q=0.8 | de",
        "de;q=0, fr;q=0.1 | fr",
        "de;q=0 | en",
        "de;q=0.000 | en",
        "*;q=0.9, es;q=0.5 | en",
        "es;q=0.5, *;q=0.9 | en",
        "pt | pt-br",
        "pt-BR | pt-br",
        "pt-pt | en",
        "'  fr ;  q=0.7 , de ; q=0.6' | fr",
        "de;level=1;q=0.2, fr;q=0.3 | fr",
        "de;q=abc, fr;q=0.9 | de",
        "de;Q=0.4, fr;q=0.3 | de",
        "de;q=1.0 | de",
        "de;q=7, fr | de",
        ",,;, | en",
        "; q=0.9 | en",
        "d | en",
        "dee | en",
        "de- | de",
    })
    void choosesTheMostPreferredOfferedLanguage(String header, String expected) {
        assertThat(LANGUAGES[AcceptLanguage.select(header, LANGUAGES)]).isEqualTo(expected);
    }

    @Test
    void withoutAHeaderTheDefaultIsChosen() {
        assertThat(AcceptLanguage.select(null, LANGUAGES)).isZero();
        assertThat(AcceptLanguage.select("", LANGUAGES)).isZero();
    }

    @Test
    void anExactMatchBeatsAPrefixMatch() {
        String[] languages = {"en", "de", "de-ch"};

        assertThat(AcceptLanguage.select("de-CH", languages)).isEqualTo(2);
        assertThat(AcceptLanguage.select("de-AT", languages)).isEqualTo(1);
        assertThat(AcceptLanguage.select("de", languages)).isEqualTo(1);
    }

    @Test
    void onlyTheFirst4096CharactersAreRead() {
        String header = "xx,".repeat(1400) + "de";

        assertThat(header.length()).isGreaterThan(4096);
        assertThat(AcceptLanguage.select(header, LANGUAGES)).isZero();
        assertThat(AcceptLanguage.select("xx,".repeat(1300) + "de", LANGUAGES)).isEqualTo(1);
    }

    @Test
    void aSingleLanguageIsAlwaysChosen() {
        assertThat(AcceptLanguage.select("fr", new String[] {"de"})).isZero();
    }
}
