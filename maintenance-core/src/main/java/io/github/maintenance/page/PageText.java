package io.github.maintenance.page;

import java.util.Locale;

/**
 * The texts of the built-in pages that exist in every language. Each has a key, used in
 * {@code pageTexts} properties files ({@code de.title=Wartungsarbeiten}) and by
 * {@link PageTexts#with(String, PageText, String)}.
 */
public enum PageText {
    /** Title and heading of the maintenance page. */
    TITLE("title"),
    /** Message of the maintenance page when maintenance was entered without one. */
    MESSAGE("message"),
    /** Label before the expected end ({@code Expected back:}). */
    EXPECTED_BACK("expected_back"),
    /** Shown instead of the expected end when there is none ({@code not announced yet}). */
    NOT_ANNOUNCED("not_announced"),
    /** Label before the live clock ({@code Current time:}). */
    CURRENT_TIME("current_time"),
    /** Accessible label of the spinner ({@code working}). */
    WORKING("working"),
    /** Title of the drain rejection page. */
    DRAIN_TITLE("drain_title"),
    /** Message of the drain rejection page. */
    DRAIN_MESSAGE("drain_message"),
    /** Title of the page served while a circuit breaker is open. */
    UNAVAILABLE_TITLE("unavailable_title"),
    /** Message of the page served while a circuit breaker is open. */
    UNAVAILABLE_MESSAGE("unavailable_message");

    private final String key;

    PageText(String key) {
        this.key = key;
    }

    /** {@return the key in properties files} */
    public String key() {
        return key;
    }

    /**
     * {@return the text with this key, or {@code null}} Case-insensitive.
     *
     * @param key the text's key, such as {@code title}
     */
    public static PageText ofKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (PageText t : values()) {
            if (t.key.equals(k)) {
                return t;
            }
        }
        return null;
    }
}
