package io.github.maintenance.state;

import io.github.maintenance.Cause;
import io.github.maintenance.WindowOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A route in maintenance: requests get the maintenance response, as its {@link #options() options'}
 * mode says (every request, only unsafe methods, or after a hold).
 *
 * @param pageUrl    custom page to fetch and serve, or {@code null} for the built-in page
 * @param message    message shown on the page, or {@code null} for the configured default
 * @param retryAfter value of the {@code Retry-After} header
 * @param since      when maintenance was entered
 * @param until      when it ends by itself, or {@code null}
 * @param cause      who entered it
 * @param options    mode, status, redirect, refresh, template, bypass secret and hold
 */
public record MaintenanceState(String pageUrl, String message, Duration retryAfter, Instant since, Instant until,
        Cause cause, WindowOptions options) {

    /**
     * Checks the required components.
     * @param pageUrl custom page, or {@code null}
     * @param message message shown on the page, or {@code null}
     * @param retryAfter value of the {@code Retry-After} header; not null
     * @param since when maintenance was entered; not null
     * @param until when it ends by itself, or {@code null}
     * @param cause who entered it; not null
     * @param options the entry's options; {@code null} for {@link WindowOptions#DEFAULTS}
     * @throws NullPointerException if {@code retryAfter}, {@code since} or {@code cause} is {@code null}
     */
    public MaintenanceState {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(cause, "cause");
        if (options == null) {
            options = WindowOptions.DEFAULTS;
        }
    }

    /**
     * A full maintenance with default options.
     * @param pageUrl custom page, or {@code null}
     * @param message message shown on the page, or {@code null}
     * @param retryAfter value of the {@code Retry-After} header; not null
     * @param since when maintenance was entered; not null
     * @param until when it ends by itself, or {@code null}
     * @param cause who entered it; not null
     */
    public MaintenanceState(String pageUrl, String message, Duration retryAfter, Instant since, Instant until,
            Cause cause) {
        this(pageUrl, message, retryAfter, since, until, cause, WindowOptions.DEFAULTS);
    }

    /** {@return how requests are treated: {@code options().mode()}} */
    public MaintenanceMode mode() {
        return options.mode();
    }

    /**
     * {@return whether {@code until} is set and {@code now} is at or past it}
     *
     * @param now the time to test
     */
    public boolean isExpired(Instant now) {
        return until != null && !now.isBefore(until);
    }

    /**
     * {@return whether {@code until} is set and {@code nowMillis} is at or past it}
     *
     * @param nowMillis the time to test, in milliseconds since the epoch
     */
    public boolean isExpired(long nowMillis) {
        return until != null && nowMillis >= until.toEpochMilli();
    }
}
