package io.github.maintenance.page;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Texts and behaviour of the built-in maintenance page.
 *
 * <p>Immutable and thread-safe.
 *
 * @param title           page title and heading
 * @param message         default message when maintenance is entered without one
 * @param extraMessages   further messages the page rotates through (every 8 s), may be empty
 * @param refresh         how often the page reloads itself; zero disables it
 * @param zone            time zone in which the expected end is written in the HTML body
 * @param template        the HTML template
 */
public record PageSettings(String title, String message, List<String> extraMessages, Duration refresh, ZoneId zone,
        PageTemplate template) {

    public static final String DEFAULT_TITLE = "Down for maintenance";
    public static final String DEFAULT_MESSAGE = "We are performing scheduled maintenance. We will be back shortly.";
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    private static final PageSettings DEFAULTS = new PageSettings(DEFAULT_TITLE, DEFAULT_MESSAGE, List.of(),
            DEFAULT_REFRESH, ZoneId.of("UTC"), PageTemplate.builtIn());

    public PageSettings {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(template, "template");
        extraMessages = List.copyOf(extraMessages);
        if (title.isBlank() || title.length() > 200) {
            throw MaintenanceErrors.invalidConfig("pageTitle", title, "1 to 200 characters");
        }
        if (message.length() > 2000) {
            throw MaintenanceErrors.invalidConfig("pageMessage", message, "at most 2000 characters");
        }
        if (refresh.isNegative()) {
            throw MaintenanceErrors.invalidConfig("pageRefresh", refresh, "must not be negative");
        }
    }

    /** The defaults: English texts, refresh every 30 s, times in UTC, built-in template. */
    public static PageSettings defaults() {
        return DEFAULTS;
    }

    public PageSettings withTitle(String value) {
        return new PageSettings(value, message, extraMessages, refresh, zone, template);
    }

    public PageSettings withMessage(String value) {
        return new PageSettings(title, value, extraMessages, refresh, zone, template);
    }

    public PageSettings withExtraMessages(List<String> value) {
        return new PageSettings(title, message, value, refresh, zone, template);
    }

    public PageSettings withRefresh(Duration value) {
        return new PageSettings(title, message, extraMessages, value, zone, template);
    }

    public PageSettings withZone(ZoneId value) {
        return new PageSettings(title, message, extraMessages, refresh, value, template);
    }

    public PageSettings withTemplate(PageTemplate value) {
        return new PageSettings(title, message, extraMessages, refresh, zone, value);
    }
}
