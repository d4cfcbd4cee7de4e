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
 * @param began      when the route went into maintenance without a break: {@code since} for a
 *                   fresh entry, the earlier start when {@code enter} replaced a maintenance in
 *                   force (new options or page). The long-maintenance warning and the maximum
 *                   duration count from here.
 */
public record MaintenanceState(String pageUrl, String message, Duration retryAfter, Instant since, Instant until,
        Cause cause, WindowOptions options, Instant began) {

    /**
     * Checks the required components.
     * @param pageUrl custom page, or {@code null}
     * @param message message shown on the page, or {@code null}
     * @param retryAfter value of the {@code Retry-After} header; not null
     * @param since when maintenance was entered; not null
     * @param until when it ends by itself, or {@code null}
     * @param cause who entered it; not null
     * @param options the entry's options; {@code null} for {@link WindowOptions#DEFAULTS}
     * @param began when the uninterrupted maintenance began; {@code null} for {@code since}
     * @throws NullPointerException if {@code retryAfter}, {@code since} or {@code cause} is {@code null}
     * @throws IllegalArgumentException if {@code began} is after {@code since}
     */
    public MaintenanceState {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(cause, "cause");
        if (options == null) {
            options = WindowOptions.DEFAULTS;
        }
        if (began == null) {
            began = since;
        } else if (began.isAfter(since)) {
            throw new IllegalArgumentException("began " + began + " is after since " + since);
        }
    }

    /**
     * A maintenance that began at {@code since}.
     * @param pageUrl custom page, or {@code null}
     * @param message message shown on the page, or {@code null}
     * @param retryAfter value of the {@code Retry-After} header; not null
     * @param since when maintenance was entered; not null
     * @param until when it ends by itself, or {@code null}
     * @param cause who entered it; not null
     * @param options the entry's options; {@code null} for {@link WindowOptions#DEFAULTS}
     */
    public MaintenanceState(String pageUrl, String message, Duration retryAfter, Instant since, Instant until,
            Cause cause, WindowOptions options) {
        this(pageUrl, message, retryAfter, since, until, cause, options, since);
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

    /**
     * {@return this maintenance, counted as begun at {@code value}}
     *
     * @param value when the uninterrupted maintenance began; not after {@code since}
     */
    public MaintenanceState withBegan(Instant value) {
        return value.equals(began) ? this : new MaintenanceState(pageUrl, message, retryAfter, since, until, cause,
                options, value);
    }

    /**
     * {@return how long the route has been in maintenance without a break at {@code now}; zero
     * when {@code now} is before {@link #began()}}
     *
     * @param now the time to measure at
     */
    public Duration age(Instant now) {
        return now.isAfter(began) ? Duration.between(began, now) : Duration.ZERO;
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
