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
 * Renders the maintenance, drain and circuit-open bodies in HTML, JSON and plain text. Used once
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

    public PageRenderer(PageSettings settings) {
        this.settings = settings;
    }

    public PageSettings settings() {
        return settings;
    }

    /**
     * The maintenance page.
     *
     * @param message    the message, or {@code null} for the configured default
     * @param retryAfter the Retry-After value
     * @param until      the expected end, or {@code null}
     * @param now        the render time (shown until the page's script runs)
     */
    public RenderedPage maintenance(String message, Duration retryAfter, Instant until, Instant now) {
        String msg = message == null ? settings.message() : message;
        return render("maintenance", settings.title(), msg, retryAfter, until, now, true);
    }

    /** The drain rejection page ({@value #DRAIN_MESSAGE}). */
    public RenderedPage drain(Duration retryAfter, Instant now) {
        return render("draining", "Service draining", DRAIN_MESSAGE, retryAfter, null, now, false);
    }

    /** The page served while a route's circuit breaker is open. */
    public RenderedPage circuitOpen(Duration retryAfter, Instant now) {
        return render("unavailable", "Temporarily unavailable", CIRCUIT_OPEN_MESSAGE, retryAfter, null, now, false);
    }

    private RenderedPage render(String status, String title, String message, Duration retryAfter, Instant until,
            Instant now, boolean rotate) {
        long retrySeconds = Math.max(1, retryAfter.getSeconds());
        List<String> messages = new ArrayList<>();
        messages.add(message);
        if (rotate) {
            messages.addAll(settings.extraMessages());
        }
        Map<String, String> v = new HashMap<>();
        v.put("status", status);
        v.put("title", title);
        v.put("message", message);
        v.put("messages_json", Json.stringArray(messages));
        v.put("until", until == null ? "not announced yet" : HUMAN.format(until.atZone(settings.zone())));
        v.put("until_iso", until == null ? "" : until.toString());
        v.put("retry_after", Long.toString(retrySeconds));
        long refresh = settings.refresh().getSeconds();
        v.put("refresh_seconds", Long.toString(refresh));
        v.put("refresh_meta", refresh > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refresh + "\">" : "");
        v.put("rendered_at", HUMAN.format(now.atZone(settings.zone())));
        String html = settings.template().render(v);

        StringBuilder json = new StringBuilder(128);
        json.append("{\"status\":");
        Json.string(status, json);
        json.append(",\"message\":");
        Json.string(message, json);
        json.append(",\"retry_after\":").append(retrySeconds).append(",\"until\":");
        if (until == null) {
            json.append("null");
        } else {
            Json.string(until.toString(), json);
        }
        json.append('}');

        StringBuilder text = new StringBuilder(128);
        text.append(title).append('\n').append(message).append('\n');
        if (until != null) {
            text.append("Expected back: ").append(until).append('\n');
        }
        return new RenderedPage(html, json.toString(), text.toString());
    }
}
