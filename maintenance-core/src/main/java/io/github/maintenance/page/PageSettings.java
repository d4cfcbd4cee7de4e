package io.github.maintenance.page;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Texts and behaviour of the built-in maintenance page.
 *
 * <p><b>Languages.</b> The page is rendered once per state change in each of {@link #languages()}
 * (default: every built-in language, English first); the filter and the standalone server pick
 * one per request from {@code Accept-Language}, falling back to the first. A single language
 * fixes the page to it. Texts come, most specific first, from {@link #texts()} for the language
 * (or its primary language: {@code de} for {@code de-ch}), then from {@link #title()} and
 * {@link #message()} when they differ from the English defaults (an operator's own title or
 * message is shown in every language), then from the built-in translations, then English.
 *
 * <p>Immutable and thread-safe.
 *
 * @param title           page title and heading; the default ({@value #DEFAULT_TITLE}) is translated
 * @param message         default message when maintenance is entered without one; the default is translated
 * @param extraMessages   further messages the page rotates through, may be empty (at most 20)
 * @param refresh         how often the page reloads itself; zero disables it
 * @param zone            time zone in which the expected end is written in the HTML body
 * @param template        the HTML template
 * @param languages       the languages to render, the default first (lower-case tags)
 * @param texts           operator texts laid over the built-in translations
 * @param rotateInterval  how long each rotating message stays (1 s to 1 h)
 * @param refreshHeader   whether responses also carry a {@code Refresh: <seconds>} header
 */
public record PageSettings(String title, String message, List<String> extraMessages, Duration refresh, ZoneId zone,
        PageTemplate template, List<String> languages, PageTexts texts, Duration rotateInterval,
        boolean refreshHeader) {

    /** The default {@link #title()}, translated into every built-in language. */
    public static final String DEFAULT_TITLE = "Down for maintenance";
    /** The default {@link #message()}, translated into every built-in language. */
    public static final String DEFAULT_MESSAGE = "We are performing scheduled maintenance. We will be back shortly.";
    /** The default {@link #refresh()}: the page reloads itself every 30 seconds. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
    /** How long each rotating message stays by default. */
    public static final Duration DEFAULT_ROTATE_INTERVAL = Duration.ofSeconds(8);
    /** The most extra messages to rotate through. */
    public static final int MAX_EXTRA_MESSAGES = 20;

    private static final PageSettings DEFAULTS = new PageSettings(DEFAULT_TITLE, DEFAULT_MESSAGE, List.of(),
            DEFAULT_REFRESH, ZoneId.of("UTC"), PageTemplate.builtIn());

    /**
     * Checks the components and normalises the languages.
     * @param title page title and heading; 1 to 200 characters
     * @param message default message; at most 2000 characters
     * @param extraMessages further messages to rotate through; at most 20, each 1 to 2000 characters
     * @param refresh how often the page reloads itself; zero disables it, not negative
     * @param zone time zone of the expected end in the HTML body
     * @param template the HTML template
     * @param languages the languages to render, the default first; 1 to 32 language tags, no duplicates
     * @param texts operator texts laid over the built-in translations
     * @param rotateInterval how long each rotating message stays; 1 s to 1 h
     * @param refreshHeader whether responses also carry a {@code Refresh} header
     * @throws NullPointerException if a component is {@code null}
     * @throws io.github.maintenance.MaintenanceException naming the first component that breaks its rule
     */
    public PageSettings {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(extraMessages, "extraMessages");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(languages, "languages");
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(rotateInterval, "rotateInterval");
        extraMessages = List.copyOf(extraMessages);
        if (title.isBlank() || title.length() > 200) {
            throw MaintenanceErrors.invalidConfig("pageTitle", title, "1 to 200 characters");
        }
        if (message.length() > 2000) {
            throw MaintenanceErrors.invalidConfig("pageMessage", message, "at most 2000 characters");
        }
        if (extraMessages.size() > MAX_EXTRA_MESSAGES) {
            throw MaintenanceErrors.invalidConfig("pageMessages", extraMessages.size() + " messages",
                    "at most " + MAX_EXTRA_MESSAGES);
        }
        for (String m : extraMessages) {
            if (m.isBlank() || m.length() > 2000) {
                throw MaintenanceErrors.invalidConfig("pageMessages", m, "each message 1 to 2000 characters");
            }
        }
        if (refresh.isNegative()) {
            throw MaintenanceErrors.invalidConfig("pageRefresh", refresh, "must not be negative");
        }
        if (rotateInterval.compareTo(Duration.ofSeconds(1)) < 0 || rotateInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw MaintenanceErrors.invalidConfig("pageRotateInterval", rotateInterval, "1s to 1h");
        }
        languages = normalizeLanguages(languages, texts);
    }

    /**
     * The settings of before languages, texts, rotation interval and the refresh header were added.
     *
     * @param title page title and heading; 1 to 200 characters
     * @param message default message; at most 2000 characters
     * @param extraMessages further messages to rotate through; at most 20, each 1 to 2000 characters
     * @param refresh how often the page reloads itself; zero disables it, not negative
     * @param zone time zone of the expected end in the HTML body
     * @param template the HTML template
     */
    public PageSettings(String title, String message, List<String> extraMessages, Duration refresh, ZoneId zone,
            PageTemplate template) {
        this(title, message, extraMessages, refresh, zone, template, PageTexts.BUILT_IN_LANGUAGES, PageTexts.empty(),
                DEFAULT_ROTATE_INTERVAL, false);
    }

    private static List<String> normalizeLanguages(List<String> languages, PageTexts texts) {
        if (languages.isEmpty() || languages.size() > 32) {
            throw MaintenanceErrors.invalidConfig("pageLanguages", languages, "1 to 32 languages");
        }
        List<String> out = new ArrayList<>(languages.size());
        for (String l : languages) {
            String tag = PageTexts.normalizeLanguage(l);
            if (out.contains(tag)) {
                throw MaintenanceErrors.invalidConfig("pageLanguages", languages, "'" + tag + "' given twice");
            }
            if (!PageTexts.builtIn().covers(tag) && !texts.covers(tag)) {
                throw MaintenanceErrors.invalidConfig("pageLanguages", l, "no texts for this language; built-in are "
                        + PageTexts.BUILT_IN_LANGUAGES + ", others need pageTexts");
            }
            out.add(tag);
        }
        return List.copyOf(out);
    }

    /**
     * {@return the defaults: every built-in language (English first), refresh every 30 s, times in UTC,
     * built-in template}
     */
    public static PageSettings ofDefaults() {
        return DEFAULTS;
    }

    /**
     * The text to show in a language (one of {@link #languages()}), following the order in the
     * class description.
     *
     * @param language one of {@link #languages()}
     * @param key which text
     * @return the text; never {@code null} (English is the last fallback)
     */
    public String text(String language, PageText key) {
        String primary = PageTexts.primary(language);
        String v = texts.get(language, key);
        if (v == null) {
            v = texts.get(primary, key);
        }
        if (v == null && key == PageText.TITLE && !title.equals(DEFAULT_TITLE)) {
            v = title;
        }
        if (v == null && key == PageText.MESSAGE && !message.equals(DEFAULT_MESSAGE)) {
            v = message;
        }
        PageTexts builtIn = PageTexts.builtIn();
        if (v == null) {
            v = builtIn.get(language, key);
        }
        if (v == null) {
            v = builtIn.get(primary, key);
        }
        return v == null ? builtIn.get("en", key) : v;
    }

    /**
     * A copy with another title.
     * @param value page title and heading; 1 to 200 characters
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the title breaks the rule
     */
    public PageSettings withTitle(String value) {
        return new PageSettings(value, message, extraMessages, refresh, zone, template, languages, texts,
                rotateInterval, refreshHeader);
    }

    /**
     * A copy with another default message.
     * @param value the message; at most 2000 characters
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the message is too long
     */
    public PageSettings withMessage(String value) {
        return new PageSettings(title, value, extraMessages, refresh, zone, template, languages, texts,
                rotateInterval, refreshHeader);
    }

    /**
     * A copy with other rotating messages.
     * @param value the messages; at most 20, each 1 to 2000 characters
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the messages break the rules
     */
    public PageSettings withExtraMessages(List<String> value) {
        return new PageSettings(title, message, value, refresh, zone, template, languages, texts, rotateInterval,
                refreshHeader);
    }

    /**
     * A copy with another reload interval.
     * @param value how often the page reloads itself; zero disables it, not negative
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the interval is negative
     */
    public PageSettings withRefresh(Duration value) {
        return new PageSettings(title, message, extraMessages, value, zone, template, languages, texts,
                rotateInterval, refreshHeader);
    }

    /**
     * A copy with another time zone for the expected end.
     * @param value the time zone; not null
     * @return new settings; these are unchanged
     */
    public PageSettings withZone(ZoneId value) {
        return new PageSettings(title, message, extraMessages, refresh, value, template, languages, texts,
                rotateInterval, refreshHeader);
    }

    /**
     * A copy with another HTML template.
     * @param value the template; not null
     * @return new settings; these are unchanged
     */
    public PageSettings withTemplate(PageTemplate value) {
        return new PageSettings(title, message, extraMessages, refresh, zone, value, languages, texts,
                rotateInterval, refreshHeader);
    }

    /**
     * The languages to offer, the default (used when {@code Accept-Language} matches none) first.
     *
     * @param value 1 to 32 language tags, no duplicates
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when a tag is invalid or repeated, or the count is
     *     out of range
     */
    public PageSettings withLanguages(List<String> value) {
        return new PageSettings(title, message, extraMessages, refresh, zone, template, value, texts,
                rotateInterval, refreshHeader);
    }

    /**
     * Fixes the page to one language, whatever {@code Accept-Language} says.
     *
     * @param value the language tag
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when it is not a language tag
     */
    public PageSettings withLanguage(String value) {
        return withLanguages(List.of(value));
    }

    /**
     * Operator texts laid over the built-in translations (replacing earlier ones).
     *
     * @param value the operator texts; not null
     * @return new settings; these are unchanged
     */
    public PageSettings withTexts(PageTexts value) {
        return new PageSettings(title, message, extraMessages, refresh, zone, template, languages, value,
                rotateInterval, refreshHeader);
    }

    /**
     * One operator text, added to {@link #texts()}.
     *
     * @param language the language tag
     * @param key which text
     * @param value the text
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the language or text is invalid
     */
    public PageSettings withText(String language, PageText key, String value) {
        return withTexts(texts.with(language, key, value));
    }

    /**
     * How long each rotating message stays (1 s to 1 h, default 8 s).
     *
     * @param value the interval, 1 s to 1 h
     * @return new settings; these are unchanged
     * @throws io.github.maintenance.MaintenanceException when the interval is out of range
     */
    public PageSettings withRotateInterval(Duration value) {
        return new PageSettings(title, message, extraMessages, refresh, zone, template, languages, texts, value,
                refreshHeader);
    }

    /**
     * Whether responses also carry a {@code Refresh} header (when {@link #refresh()} is not zero).
     *
     * @param value {@code true} to send the header
     * @return new settings; these are unchanged
     */
    public PageSettings withRefreshHeader(boolean value) {
        return new PageSettings(title, message, extraMessages, refresh, zone, template, languages, texts,
                rotateInterval, value);
    }
}
