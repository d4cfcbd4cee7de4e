package io.github.maintenance.page;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An HTML template with {@code {{name}}} placeholders, parsed once. Every value is HTML-escaped
 * when the page is rendered, except {@code refresh_meta}, which the renderer builds itself.
 *
 * <p>Placeholders: {@code title}, {@code message}, {@code messages_json} (all messages as a JSON
 * array, for rotation), {@code until} (expected end in words), {@code until_iso} (ISO-8601 or
 * empty), {@code retry_after} (seconds), {@code refresh_seconds}, {@code refresh_meta} (the
 * refresh {@code <meta>} tag or nothing), {@code rendered_at}, {@code status}
 * ({@code maintenance}, {@code draining} or {@code unavailable}), {@code rotate_seconds} (how long
 * each rotating message stays), {@code lang} (the language the page is rendered in, for
 * {@code <html lang>}), and the translated labels {@code label_expected_back},
 * {@code label_current_time} and {@code label_working}. A template is rendered once per language
 * of {@link PageSettings#languages()}. An unknown placeholder is refused when the template is
 * loaded.
 *
 * <p>Immutable and thread-safe.
 */
public final class PageTemplate {

    /** The names a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("title", "message", "messages_json", "until", "until_iso",
            "retry_after", "refresh_seconds", "refresh_meta", "rendered_at", "status", "rotate_seconds", "lang",
            "label_expected_back", "label_current_time", "label_working");

    private static final int MAX_SIZE = 256 * 1024;
    private static final PageTemplate BUILT_IN = loadBuiltIn();

    private final List<String> parts;

    private PageTemplate(List<String> parts) {
        this.parts = parts;
    }

    /** {@return the built-in self-contained page (inline CSS, spinner, live clock, rotating messages)} */
    public static PageTemplate builtIn() {
        return BUILT_IN;
    }

    /**
     * Parses a template.
     *
     * @param source the template's HTML with {@code {{name}}} placeholders; at most 256 KiB
     * @return the parsed template
     * @throws MaintenanceException for an unknown or unterminated placeholder, or over 256 KiB
     */
    public static PageTemplate of(String source) {
        if (source.length() > MAX_SIZE) {
            throw MaintenanceErrors.invalidConfig("pageTemplate", "(" + source.length() + " chars)", "larger than 256 KiB");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                parts.add(source.substring(i));
                break;
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw MaintenanceErrors.invalidConfig("pageTemplate", source.substring(open, Math.min(source.length(), open + 30)),
                        "unterminated placeholder");
            }
            String name = source.substring(open + 2, close).trim();
            if (!PLACEHOLDERS.contains(name)) {
                throw MaintenanceErrors.invalidConfig("pageTemplate", "{{" + name + "}}",
                        "unknown placeholder; known are " + new java.util.TreeSet<>(PLACEHOLDERS));
            }
            parts.add(source.substring(i, open));
            parts.add(name);
            i = close + 2;
        }
        return new PageTemplate(List.copyOf(parts));
    }

    /**
     * Reads and parses a UTF-8 template file.
     *
     * @param file the template file
     * @return the parsed template
     * @throws io.github.maintenance.MaintenanceException when the file cannot be read or the template is invalid
     */
    public static PageTemplate fromFile(Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MaintenanceException("cannot read page template " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and parses a UTF-8 template from the class path.
     *
     * @param resource the resource name; a leading {@code /} is ignored
     * @param loader the class loader to load it with
     * @return the parsed template
     * @throws io.github.maintenance.MaintenanceException when the resource is missing or cannot be read, or
     *     the template is invalid
     */
    public static PageTemplate fromClasspath(String resource, ClassLoader loader) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new MaintenanceException("page template not found on the class path: " + resource);
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MaintenanceException("cannot read page template " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Fills the placeholders; values are HTML-escaped except {@code refresh_meta}. */
    String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(4096);
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (i % 2 == 0) {
                sb.append(p);
            } else {
                String v = values.getOrDefault(p, "");
                if (p.equals("refresh_meta")) {
                    sb.append(v);
                } else {
                    escapeHtml(v, sb);
                }
            }
        }
        return sb.toString();
    }

    /**
     * Appends {@code s} escaped for HTML text and attribute values.
     *
     * @param s the text to escape
     * @param out where the escaped text is appended
     */
    public static void escapeHtml(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    private static PageTemplate loadBuiltIn() {
        return fromClasspath("io/github/maintenance/page/maintenance.html", PageTemplate.class.getClassLoader());
    }
}
