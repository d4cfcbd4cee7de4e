package io.github.maintenance.page;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of one response body in its three variants, and in each of the page's languages,
 * rendered once per state change so that the request path only picks and copies bytes.
 *
 * <p>A page made with {@link #RenderedPage(String, String, String)} has one unnamed language. A
 * localized page ({@link #of(List, List, List, List, String)}) has one body per language and
 * variant; {@link #select(String)} picks the language for an {@code Accept-Language} header
 * without allocating. The first language is the default.
 *
 * <p>Immutable and thread-safe: the arrays are never exposed.
 */
public final class RenderedPage {

    private static final String[] UNNAMED = new String[0];

    private final String[] languages;
    private final byte[][] html;
    private final byte[][] json;
    private final byte[][] text;
    private final String refreshHeader;

    /**
     * A page of the given bodies, in one unnamed language and without a {@code Refresh} header.
     *
     * @param html the HTML body
     * @param json the JSON body
     * @param text the plain-text body
     */
    public RenderedPage(String html, String json, String text) {
        this(UNNAMED, new byte[][] {utf8(html, "html")}, new byte[][] {utf8(json, "json")},
                new byte[][] {utf8(text, "text")}, null);
    }

    private RenderedPage(String[] languages, byte[][] html, byte[][] json, byte[][] text, String refreshHeader) {
        this.languages = languages;
        this.html = html;
        this.json = json;
        this.text = text;
        this.refreshHeader = refreshHeader;
    }

    /**
     * A page in one or more languages. When several languages have the same bodies (a custom
     * template with custom texts, say), the page keeps one unnamed language.
     *
     * @param languages     lower-case language tags, the default first, no duplicates
     * @param html          the HTML bodies, index-aligned with {@code languages}
     * @param json          the JSON bodies
     * @param text          the plain-text bodies
     * @param refreshHeader the {@code Refresh} header value to send, or {@code null}
     * @return the page
     */
    public static RenderedPage of(List<String> languages, List<String> html, List<String> json, List<String> text,
            String refreshHeader) {
        int n = languages.size();
        if (n == 0 || html.size() != n || json.size() != n || text.size() != n) {
            throw new IllegalArgumentException("one body per language and variant expected: " + languages.size()
                    + " languages, " + html.size() + "/" + json.size() + "/" + text.size() + " bodies");
        }
        if (n > 1 && html.stream().distinct().count() == 1 && json.stream().distinct().count() == 1
                && text.stream().distinct().count() == 1) {
            return new RenderedPage(UNNAMED, new byte[][] {utf8(html.get(0), "html")},
                    new byte[][] {utf8(json.get(0), "json")}, new byte[][] {utf8(text.get(0), "text")}, refreshHeader);
        }
        String[] tags = languages.toArray(String[]::new);
        if (Arrays.stream(tags).distinct().count() != n) {
            throw new IllegalArgumentException("duplicate language in " + languages);
        }
        return new RenderedPage(tags, encode(html, "html"), encode(json, "json"), encode(text, "text"), refreshHeader);
    }

    private static byte[][] encode(List<String> bodies, String what) {
        byte[][] out = new byte[bodies.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = utf8(bodies.get(i), what);
            for (int j = 0; j < i; j++) {
                if (Arrays.equals(out[j], out[i])) {
                    out[i] = out[j]; // share identical bodies
                    break;
                }
            }
        }
        return out;
    }

    private static byte[] utf8(String s, String what) {
        return Objects.requireNonNull(s, what).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(Variant v, int language) {
        return switch (v) {
            case HTML -> html[language];
            case JSON -> json[language];
            case TEXT -> text[language];
        };
    }

    /** {@return the languages, the default first; empty for a page in one unnamed language} */
    public List<String> languages() {
        return List.of(languages);
    }

    /** {@return whether the page has more than one language, so that responses vary by {@code Accept-Language}} */
    public boolean isLocalized() {
        return languages.length > 1;
    }

    /**
     * The language index to serve for an {@code Accept-Language} header (0, the default, when it
     * matches none or the page is not localized). Allocation-free; see {@link AcceptLanguage}.
     *
     * @param acceptLanguage the header's value, or {@code null}
     * @return an index for {@link #length(Variant, int)}, {@link #writeTo(Variant, int, OutputStream)} and
     *     {@link #language(int)}
     */
    public int select(String acceptLanguage) {
        return languages.length > 1 ? AcceptLanguage.select(acceptLanguage, languages) : 0;
    }

    /**
     * {@return the tag of a language index, for {@code Content-Language}, or {@code null} for an unnamed language}
     *
     * @param index a language index
     */
    public String language(int index) {
        return languages.length == 0 ? null : languages[index];
    }

    /** {@return the {@code Refresh} header value to send with this page, or {@code null} for none} */
    public String refreshHeader() {
        return refreshHeader;
    }

    /**
     * {@return the body length in bytes of a variant in the default language}
     *
     * @param v the variant
     */
    public int length(Variant v) {
        return bytes(v, 0).length;
    }

    /**
     * {@return the body length in bytes of a variant in a language ({@link #select(String)})}
     *
     * @param v the variant
     * @param language a language index
     */
    public int length(Variant v, int language) {
        return bytes(v, language).length;
    }

    /**
     * Writes a variant's body in the default language.
     *
     * @param v the variant
     * @param out where the body is written; not closed
     * @throws IOException when writing fails
     */
    public void writeTo(Variant v, OutputStream out) throws IOException {
        out.write(bytes(v, 0));
    }

    /**
     * Writes a variant's body in a language ({@link #select(String)}).
     *
     * @param v the variant
     * @param language a language index
     * @param out where the body is written; not closed
     * @throws IOException when writing fails
     */
    public void writeTo(Variant v, int language, OutputStream out) throws IOException {
        out.write(bytes(v, language));
    }

    /**
     * {@return a variant's body in the default language as text (for tests and diagnostics)}
     *
     * @param v the variant
     */
    public String body(Variant v) {
        return new String(bytes(v, 0), StandardCharsets.UTF_8);
    }

    /**
     * A variant's body in a language as text (for tests and diagnostics).
     *
     * @param v the variant
     * @param language one of the page's language tags
     * @return the body
     * @throws IllegalArgumentException when the page does not have this language
     */
    public String body(Variant v, String language) {
        int i = languages.length == 0 ? -1 : Arrays.asList(languages).indexOf(language);
        if (i < 0) {
            throw new IllegalArgumentException("no language '" + language + "' in " + languages());
        }
        return new String(bytes(v, i), StandardCharsets.UTF_8);
    }
}
