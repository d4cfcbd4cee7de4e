package io.github.maintenance.page;

import io.github.maintenance.internal.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the maintenance, drain and circuit-open bodies in HTML, JSON and plain text, once for
 * each language of the {@link PageSettings} (see there for where each text comes from). Used once
 * per state change by the controller and by the standalone page server; never per request.
 *
 * <p>JSON shape: {@code {"status":"maintenance","message":…,"retry_after":300,"until":…}}
 * ({@code until} is ISO-8601 or {@code null}).
 *
 * <p>Immutable and thread-safe.
 */
public final class PageRenderer {

    /** Message of the drain rejection. */
    public static final String DRAIN_MESSAGE = "Service draining";

    /** Message of the circuit-open response. */
    public static final String CIRCUIT_OPEN_MESSAGE =
            "The service is temporarily unavailable because of repeated errors. Please try again shortly.";

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

    private final PageSettings settings;

    /**
     * A renderer of pages with these settings.
     * @param settings the page settings
     */
    public PageRenderer(PageSettings settings) {
        this.settings = settings;
    }

    /** {@return the page settings this renderer uses} */
    public PageSettings settings() {
        return settings;
    }

    /**
     * The maintenance page, in every language of the settings.
     *
     * @return the rendered page, every variant in every language
     * @param message    the message (shown in every language), or {@code null} for the configured default
     * @param retryAfter the Retry-After value
     * @param until      the expected end, or {@code null}
     * @param now        the render time (shown until the page's script runs)
     */
    public RenderedPage maintenance(String message, Duration retryAfter, Instant until, Instant now) {
        return render("maintenance", PageText.TITLE, message, PageText.MESSAGE, retryAfter, until, now, true);
    }

    /**
     * {@return the drain rejection page ({@value #DRAIN_MESSAGE} in English)}
     *
     * @param retryAfter the Retry-After value
     * @param now the render time
     */
    public RenderedPage drain(Duration retryAfter, Instant now) {
        return render("draining", PageText.DRAIN_TITLE, null, PageText.DRAIN_MESSAGE, retryAfter, null, now, false);
    }

    /**
     * {@return the page served while a route's circuit breaker is open}
     *
     * @param retryAfter the Retry-After value
     * @param now the render time
     */
    public RenderedPage circuitOpen(Duration retryAfter, Instant now) {
        return render("unavailable", PageText.UNAVAILABLE_TITLE, null, PageText.UNAVAILABLE_MESSAGE, retryAfter, null,
                now, false);
    }

    private RenderedPage render(String status, PageText titleKey, String fixedMessage, PageText messageKey,
            Duration retryAfter, Instant until, Instant now, boolean rotate) {
        long retrySeconds = Math.max(1, retryAfter.getSeconds());
        long refresh = settings.refresh().getSeconds();
        List<String> languages = settings.languages();
        List<String> html = new ArrayList<>(languages.size());
        List<String> json = new ArrayList<>(languages.size());
        List<String> text = new ArrayList<>(languages.size());
        for (String lang : languages) {
            String title = settings.text(lang, titleKey);
            String message = fixedMessage != null ? fixedMessage : settings.text(lang, messageKey);
            String expectedBack = settings.text(lang, PageText.EXPECTED_BACK);
            List<String> messages = new ArrayList<>();
            messages.add(message);
            if (rotate) {
                messages.addAll(settings.extraMessages());
            }
            Map<String, String> v = new HashMap<>();
            v.put("status", status);
            v.put("lang", lang);
            v.put("title", title);
            v.put("message", message);
            v.put("messages_json", Json.stringArray(messages));
            v.put("rotate_seconds", Long.toString(Math.max(1, settings.rotateInterval().getSeconds())));
            v.put("until", until == null ? settings.text(lang, PageText.NOT_ANNOUNCED)
                    : HUMAN.format(until.atZone(settings.zone())));
            v.put("until_iso", until == null ? "" : until.toString());
            v.put("retry_after", Long.toString(retrySeconds));
            v.put("refresh_seconds", Long.toString(refresh));
            v.put("refresh_meta", refresh > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refresh + "\">" : "");
            v.put("rendered_at", HUMAN.format(now.atZone(settings.zone())));
            v.put("label_expected_back", expectedBack);
            v.put("label_current_time", settings.text(lang, PageText.CURRENT_TIME));
            v.put("label_working", settings.text(lang, PageText.WORKING));
            html.add(settings.template().render(v));

            StringBuilder j = new StringBuilder(128);
            j.append("{\"status\":");
            Json.string(status, j);
            j.append(",\"message\":");
            Json.string(message, j);
            j.append(",\"retry_after\":").append(retrySeconds).append(",\"until\":");
            if (until == null) {
                j.append("null");
            } else {
                Json.string(until.toString(), j);
            }
            j.append('}');
            json.add(j.toString());

            StringBuilder t = new StringBuilder(128);
            t.append(title).append('\n').append(message).append('\n');
            if (until != null) {
                t.append(expectedBack).append(' ').append(until).append('\n');
            }
            text.add(t.toString());
        }
        String refreshHeader = settings.refreshHeader() && refresh > 0 ? Long.toString(refresh) : null;
        return RenderedPage.of(languages, html, json, text, refreshHeader);
    }
}
