package io.github.maintenance.schedule;

import io.github.maintenance.Cause;
import io.github.maintenance.WindowOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A maintenance window planned ahead: from {@code start} to {@code end} the routes selected by
 * {@code target} are in maintenance, with the given page URL and message. Before it starts the
 * window is <em>announced</em>: responses on those routes carry
 * {@code X-Maintenance-Scheduled: <start>/<end>} so that clients can warn their users.
 *
 * <p>The controller starts a window on its first time-based check at or after {@code start}
 * (every {@code tickInterval}, one second by default) by entering maintenance with
 * {@code until = end}; the maintenance then ends by itself at {@code end}, like any other
 * maintenance with an end time, and an operator may end it earlier. A window whose end passed
 * before it could start (the application was down throughout) is dropped and logged.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id         unique id, chosen by the controller ({@code sch-} and 12 hex digits)
 * @param target     the target as given, in {@code Target.parse} syntax
 * @param start      when maintenance begins
 * @param end        when it ends; after {@code start}
 * @param pageUrl    custom page URL, or {@code null} for the built-in page
 * @param message    the page's message, or {@code null} for the configured default
 * @param retryAfter the {@code Retry-After}, or {@code null} for the configured default
 * @param createdAt  when it was scheduled
 * @param cause      who scheduled it
 * @param started    whether maintenance has been entered for it
 * @param options    the options of the maintenance it enters (mode, status, redirect, …)
 */
public record ScheduledWindow(String id, String target, Instant start, Instant end, String pageUrl, String message,
        Duration retryAfter, Instant createdAt, Cause cause, boolean started, WindowOptions options) {

    /**
     * Checks that the required components are present and that the window is not empty.
     * @throws NullPointerException if {@code id}, {@code target}, {@code start}, {@code end}, {@code
     *     createdAt} or {@code cause} is {@code null}
     * @throws IllegalArgumentException if {@code end} is not after {@code start}
     * @param id unique id; not null
     * @param target the target in {@code Target.parse} syntax; not null
     * @param start when maintenance begins; not null
     * @param end when it ends; not null, after {@code start}
     * @param pageUrl custom page URL, or {@code null}
     * @param message the page's message, or {@code null}
     * @param retryAfter the {@code Retry-After}, or {@code null}
     * @param createdAt when it was scheduled; not null
     * @param cause who scheduled it; not null
     * @param started whether maintenance has been entered for it
     * @param options the options of the maintenance it enters; {@code null} for {@link WindowOptions#DEFAULTS}
     */
    public ScheduledWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(cause, "cause");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end " + end + " must be after start " + start);
        }
        if (options == null) {
            options = WindowOptions.DEFAULTS;
        }
    }

    /**
     * A window with default options.
     * @param id unique id; not null
     * @param target the target in {@code Target.parse} syntax; not null
     * @param start when maintenance begins; not null
     * @param end when it ends; not null, after {@code start}
     * @param pageUrl custom page URL, or {@code null}
     * @param message the page's message, or {@code null}
     * @param retryAfter the {@code Retry-After}, or {@code null}
     * @param createdAt when it was scheduled; not null
     * @param cause who scheduled it; not null
     * @param started whether maintenance has been entered for it
     */
    public ScheduledWindow(String id, String target, Instant start, Instant end, String pageUrl, String message,
            Duration retryAfter, Instant createdAt, Cause cause, boolean started) {
        this(id, target, start, end, pageUrl, message, retryAfter, createdAt, cause, started, WindowOptions.DEFAULTS);
    }

    /**
     * {@return whether the window has not started yet and has not passed at {@code now}: it is announced}
     *
     * @param now the instant to test
     */
    public boolean isAnnounced(Instant now) {
        return !started && now.isBefore(start);
    }

    /** {@return the value of the {@code X-Maintenance-Scheduled} header: {@code <start>/<end>} in ISO-8601} */
    public String announcement() {
        return start + "/" + end;
    }

    /** {@return the same window, marked as started} */
    public ScheduledWindow asStarted() {
        return new ScheduledWindow(id, target, start, end, pageUrl, message, retryAfter, createdAt, cause, true, options);
    }
}
