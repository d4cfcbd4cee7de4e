package io.github.maintenance.page;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Texts of the built-in pages by language: the built-in translations ({@link #builtIn()}: en, de,
 * fr, es, it, nl), or an operator's texts that override or add to them
 * ({@link PageSettings#withTexts(PageTexts)}).
 *
 * <p>Properties format (UTF-8), one {@code <language>.<key>=text} line per text, keys as listed
 * in {@link PageText}:
 * <pre>
 * de.title=Geplante Wartung
 * de.message=Wir spielen eine neue Version ein.
 * pt.title=Em manutenção
 * </pre>
 * Languages are BCP 47 tags such as {@code de} or {@code pt-br}, compared case-insensitively.
 *
 * <p>Immutable and thread-safe.
 */
public final class PageTexts {

    /** The languages with built-in texts, the default first. */
    public static final List<String> BUILT_IN_LANGUAGES = List.of("en", "de", "fr", "es", "it", "nl");

    /** The longest text accepted. */
    public static final int MAX_TEXT_LENGTH = 2000;

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8})*");
    private static final PageTexts EMPTY = new PageTexts(Map.of());
    private static final PageTexts BUILT_IN = loadBuiltIn();

    private final Map<String, Map<PageText, String>> texts;

    private PageTexts(Map<String, Map<PageText, String>> texts) {
        this.texts = texts;
    }

    /** {@return the built-in translations} */
    public static PageTexts builtIn() {
        return BUILT_IN;
    }

    /**
     * No texts (nothing overridden).
     *
     * @return the empty texts
     */
    public static PageTexts empty() {
        return EMPTY;
    }

    /**
     * Normalises a language tag to lower case.
     *
     * @param tag a language tag; {@code _} is read as {@code -} and surrounding blanks are ignored
     * @return the tag in lower case
     * @throws MaintenanceException when it is not a language tag such as {@code de} or {@code pt-BR}
     */
    public static String normalizeLanguage(String tag) {
        String t = tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!LANGUAGE.matcher(t).matches() || t.length() > 35) {
            throw MaintenanceErrors.invalidConfig("pageLanguages", tag,
                    "not a language tag such as en, de or pt-BR");
        }
        return t;
    }

    /**
     * Texts from properties ({@code <language>.<key>=text}).
     *
     * @param properties keys {@code <language>.<key>}, values the texts
     * @param source named in error messages (a file name, say)
     * @return the texts
     * @throws MaintenanceException naming the first bad key or value
     */
    public static PageTexts of(Properties properties, String source) {
        Map<String, Map<PageText, String>> map = new TreeMap<>();
        for (String name : new TreeMap<>(toMap(properties)).keySet()) {
            String value = properties.getProperty(name);
            int dot = name.lastIndexOf('.');
            if (dot <= 0) {
                throw MaintenanceErrors.invalidConfig("pageTexts", name,
                        "in " + source + ": expected <language>.<key>, e.g. de.title");
            }
            String language;
            try {
                language = normalizeLanguage(name.substring(0, dot));
            } catch (MaintenanceException e) {
                throw MaintenanceErrors.invalidConfig("pageTexts", name,
                        "in " + source + ": '" + name.substring(0, dot) + "' is not a language tag");
            }
            PageText key = PageText.ofKey(name.substring(dot + 1));
            if (key == null) {
                throw MaintenanceErrors.invalidConfig("pageTexts", name, "in " + source + ": unknown key '"
                        + name.substring(dot + 1) + "'; known are " + keys());
            }
            map.computeIfAbsent(language, k -> new EnumMap<>(PageText.class)).put(key, check(name, value.trim()));
        }
        return new PageTexts(freeze(map));
    }

    /**
     * Reads texts from a UTF-8 properties file.
     *
     * @param file the properties file
     * @return the texts
     * @throws io.github.maintenance.MaintenanceException when the file cannot be read or holds a bad key or value
     */
    public static PageTexts fromFile(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return of(load(in), file.toString());
        } catch (IOException e) {
            throw new MaintenanceException("cannot read page texts " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads texts from a UTF-8 properties resource on the class path.
     *
     * @param resource the resource name; a leading {@code /} is ignored
     * @param loader the class loader to load it with
     * @return the texts
     * @throws io.github.maintenance.MaintenanceException when the resource is missing or cannot be read, or
     *     holds a bad key or value
     */
    public static PageTexts fromClasspath(String resource, ClassLoader loader) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new MaintenanceException("page texts not found on the class path: " + resource);
            }
            return of(load(new InputStreamReader(in, StandardCharsets.UTF_8)), resource);
        } catch (IOException e) {
            throw new MaintenanceException("cannot read page texts " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * These texts with one text set (or replaced).
     *
     * @param language the language tag
     * @param key which text
     * @param value the text; {@code null} counts as empty
     * @return new texts; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the language tag or the text is invalid
     */
    public PageTexts with(String language, PageText key, String value) {
        String lang = normalizeLanguage(language);
        String v = check(lang + "." + key.key(), value == null ? "" : value.trim());
        Map<String, Map<PageText, String>> map = new TreeMap<>();
        texts.forEach((l, t) -> map.put(l, new EnumMap<>(t)));
        map.computeIfAbsent(lang, k -> new EnumMap<>(PageText.class)).put(key, v);
        return new PageTexts(freeze(map));
    }

    /**
     * These texts with every text of {@code other} laid over them.
     *
     * @param other the texts to lay over these
     * @return new texts; these are unchanged
     */
    public PageTexts with(PageTexts other) {
        Map<String, Map<PageText, String>> map = new TreeMap<>();
        texts.forEach((l, t) -> map.put(l, new EnumMap<>(t)));
        other.texts.forEach((l, t) -> map.computeIfAbsent(l, k -> new EnumMap<>(PageText.class)).putAll(t));
        return new PageTexts(freeze(map));
    }

    /**
     * {@return the text of exactly this (normalised) language, or {@code null}}
     *
     * @param language a normalised language tag
     * @param key which text
     */
    public String get(String language, PageText key) {
        Map<PageText, String> t = texts.get(language);
        return t == null ? null : t.get(key);
    }

    /**
     * {@return whether this language, or its primary language ({@code de} for {@code de-ch}), has texts}
     *
     * @param language a normalised language tag
     */
    public boolean covers(String language) {
        return texts.containsKey(language) || texts.containsKey(primary(language));
    }

    /** {@return the languages that have at least one text} */
    public Set<String> languages() {
        return texts.keySet();
    }

    /** {@return whether there are no texts} */
    public boolean isEmpty() {
        return texts.isEmpty();
    }

    static String primary(String language) {
        int dash = language.indexOf('-');
        return dash < 0 ? language : language.substring(0, dash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageTexts p && p.texts.equals(texts);
    }

    @Override
    public int hashCode() {
        return texts.hashCode();
    }

    @Override
    public String toString() {
        return texts.isEmpty() ? "none" : texts.keySet().toString();
    }

    private static String check(String name, String value) {
        if (value.isEmpty()) {
            throw MaintenanceErrors.invalidConfig("pageTexts", name, "the text is empty");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw MaintenanceErrors.invalidConfig("pageTexts", name, "longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }

    private static List<String> keys() {
        return java.util.Arrays.stream(PageText.values()).map(PageText::key).toList();
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : p.stringPropertyNames()) {
            m.put(n, p.getProperty(n));
        }
        return m;
    }

    private static Properties load(Reader in) throws IOException {
        Properties p = new Properties();
        try {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed properties: " + e.getMessage(), e);
        }
        return p;
    }

    private static Map<String, Map<PageText, String>> freeze(Map<String, Map<PageText, String>> map) {
        Map<String, Map<PageText, String>> out = new TreeMap<>();
        map.forEach((l, t) -> out.put(l, Collections.unmodifiableMap(new EnumMap<>(t))));
        return Collections.unmodifiableMap(out);
    }

    private static PageTexts loadBuiltIn() {
        PageTexts t = fromClasspath("io/github/maintenance/page/texts.properties", PageTexts.class.getClassLoader());
        for (String language : BUILT_IN_LANGUAGES) {
            for (PageText key : PageText.values()) {
                if (t.get(language, key) == null) {
                    throw new IllegalStateException("built-in page text missing: " + language + "." + key.key());
                }
            }
        }
        return t;
    }
}
