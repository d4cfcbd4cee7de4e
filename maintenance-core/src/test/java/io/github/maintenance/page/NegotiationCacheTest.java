package io.github.maintenance.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The negotiation cache: the uncached results, bounded whatever clients send, a new page misses. */
class NegotiationCacheTest {

    private static final List<String> LANGUAGES = List.of("en", "de", "fr", "pt-br");

    private static RenderedPage localized() {
        List<String> bodies = new ArrayList<>();
        for (String l : LANGUAGES) {
            bodies.add("<p>" + l + "</p>");
        }
        return RenderedPage.of(LANGUAGES, bodies, bodies.stream().map(b -> "{\"" + b + "\"}").toList(),
                bodies.stream().map(b -> b + "\n").toList(), null);
    }

    private static final String[] MEDIA = {"text/html", "application/xhtml+xml", "application/json",
        "application/problem+json", "text/plain", "*/*", "application/xml", "image/webp", "TEXT/HTML"};
    private static final String[] RANGES = {"en", "en-US", "de", "de-CH", "fr", "pt", "pt-BR", "it", "*", "EN-gb"};
    private static final String[] QUALITIES = {"", ";q=0", ";q=0.1", ";q=0.5", ";q=0.9", ";q=1", ";q=1.0", " ; q=0.8",
        ";level=1;q=0.3", ";xq=0"};

    /** A random header of 1 to 4 elements, as browsers, API clients and odd clients send them. */
    private static String header(Random random, String[] elements) {
        int n = 1 + random.nextInt(4);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(random.nextBoolean() ? "," : ", ");
            }
            b.append(elements[random.nextInt(elements.length)]).append(QUALITIES[random.nextInt(QUALITIES.length)]);
        }
        return b.toString();
    }

    @Test
    void givesTheUncachedResultsForManyHeaderValuesSeenOnceOrOften() {
        Random random = new Random(42);
        NegotiationCache cache = new NegotiationCache();
        RenderedPage page = localized();
        List<String> accepts = new ArrayList<>();
        List<String> languages = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            accepts.add(header(random, MEDIA));
            languages.add(header(random, RANGES));
        }
        accepts.add("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        languages.add("de-CH,de;q=0.9,en;q=0.8");
        int variantsSeen = 0;
        int languagesSeen = 0;
        for (int round = 0; round < 3; round++) { // misses, then hits (and collisions) on the same values
            for (int i = 0; i < accepts.size(); i++) {
                String accept = new String(accepts.get(i)); // an equal value, not the same instance
                String language = new String(languages.get(i));
                Variant expectedVariant = Variant.negotiate(accept);
                int expectedLanguage = page.select(language);
                assertThat(cache.variant(accept)).as(accept).isEqualTo(expectedVariant);
                assertThat(cache.language(page, language)).as(language).isEqualTo(expectedLanguage);
                assertThat(cache.variant(accept)).as(accept).isEqualTo(expectedVariant);
                assertThat(cache.language(page, language)).as(language).isEqualTo(expectedLanguage);
                variantsSeen |= 1 << expectedVariant.ordinal();
                languagesSeen |= 1 << expectedLanguage;
            }
        }
        assertThat(variantsSeen).as("every variant negotiated").isEqualTo(0b111);
        assertThat(languagesSeen).as("every language chosen").isEqualTo(0b1111);
    }

    @Test
    void staysBoundedWhateverClientsSend() {
        NegotiationCache cache = new NegotiationCache();
        RenderedPage page = localized();
        for (int i = 0; i < 10_000; i++) {
            cache.variant("application/x-" + i + ";q=0.5, text/html");
            cache.language(page, "x-" + i + ", de;q=0.5");
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2 * NegotiationCache.SLOTS).isGreaterThan(2);
        assertThat(cache.variant("application/x-9999;q=0.5, text/html")).isEqualTo(Variant.HTML);
        assertThat(cache.language(page, "x-9999, de;q=0.5")).isEqualTo(1);
    }

    @Test
    void longValuesAndAbsentHeadersAreNegotiatedButNotKept() {
        NegotiationCache cache = new NegotiationCache();
        RenderedPage page = localized();
        String longAccept = "x/y;q=0.1, ".repeat(60) + "application/json";
        String longLanguage = "xx;q=0.1, ".repeat(60) + "fr";
        assertThat(longAccept.length()).isGreaterThan(NegotiationCache.MAX_CACHED_LENGTH);
        assertThat(cache.variant(longAccept)).isEqualTo(Variant.JSON);
        assertThat(cache.language(page, longLanguage)).isEqualTo(2);
        assertThat(cache.variant(null)).isEqualTo(Variant.TEXT);
        assertThat(cache.variant("")).isEqualTo(Variant.TEXT);
        assertThat(cache.language(page, null)).isZero();
        assertThat(cache.language(page, "")).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aNewPageIsNegotiatedAfreshAndAPageInOneLanguageIsNotKept() {
        NegotiationCache cache = new NegotiationCache();
        RenderedPage first = localized();
        assertThat(cache.language(first, "fr, en;q=0.5")).isEqualTo(2);
        List<String> reordered = List.of("fr", "en");
        RenderedPage second = RenderedPage.of(reordered, List.of("<p>fr</p>", "<p>en</p>"), List.of("{}", "{ }"),
                List.of("fr", "en"), null);
        assertThat(cache.language(second, "fr, en;q=0.5")).isZero();
        assertThat(cache.language(second, "en, fr;q=0.5")).isEqualTo(1);
        assertThat(cache.language(first, "fr, en;q=0.5")).isEqualTo(2);

        NegotiationCache plain = new NegotiationCache();
        RenderedPage single = new RenderedPage("<p>x</p>", "{}", "x");
        assertThat(plain.language(single, "fr, en;q=0.5")).isZero();
        assertThat(plain.size()).isZero();
    }

    @Test
    void slotsStayInTheTable() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            char[] chars = new char[1 + random.nextInt(600)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            assertThat(NegotiationCache.slot(new String(chars))).isBetween(0, NegotiationCache.SLOTS - 1);
        }
    }
}
