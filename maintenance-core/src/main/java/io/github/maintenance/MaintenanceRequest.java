package io.github.maintenance;

import java.time.Duration;
import java.time.Instant;

/**
 * What to show while a target is in maintenance: an optional custom page URL, message,
 * {@code Retry-After} and end time.
 *
 * <p>Immutable and thread-safe. {@link #defaults()} uses the built-in page, the configured
 * default message and {@code Retry-After}, and no end time.
 */
public final class MaintenanceRequest {

    private static final MaintenanceRequest DEFAULTS = builder().build();

    private final String pageUrl;
    private final String message;
    private final Duration retryAfter;
    private final Instant until;
    private final Duration duration;
    private final WindowOptions options;

    private MaintenanceRequest(Builder b) {
        this.pageUrl = b.pageUrl;
        this.message = b.message;
        this.retryAfter = b.retryAfter;
        this.until = b.until;
        this.duration = b.duration;
        this.options = b.options;
    }

    /**
     * Built-in page, default message and Retry-After, no end.
     *
     * @return the shared default request
     */
    public static MaintenanceRequest defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the custom page URL, or {@code null} for the built-in page} */
    public String pageUrl() {
        return pageUrl;
    }

    /** {@return the message, or {@code null} for the configured default} */
    public String message() {
        return message;
    }

    /** {@return the Retry-After, or {@code null} for the configured default} */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@return the absolute end, or {@code null}} */
    public Instant until() {
        return until;
    }

    /** {@return the end relative to entry, or {@code null}} */
    public Duration duration() {
        return duration;
    }

    /** Builds a {@link MaintenanceRequest}. Not thread-safe. */
    /**
     * {@return the entry's options: mode, status, redirect, refresh, template, bypass secret, hold}
     * {@link WindowOptions#DEFAULTS} when none were given.
     */
    public WindowOptions options() {
        return options;
    }

    /** {@return a builder with every value of this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pageUrl = pageUrl;
        b.message = message;
        b.retryAfter = retryAfter;
        b.until = until;
        b.duration = duration;
        b.options = options;
        return b;
    }

    /** Builds a {@link MaintenanceRequest}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private String pageUrl;
        private String message;
        private Duration retryAfter;
        private Instant until;
        private Duration duration;
        private WindowOptions options = WindowOptions.DEFAULTS;

        private Builder() {
        }

        /**
         * A custom page to fetch and serve (absolute http or https URL, checked against the URL
         * policy when maintenance is entered); {@code null} or empty for the built-in page.
         *
         * @param value the URL, or {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder pageUrl(String value) {
            this.pageUrl = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /**
         * The message shown on the page (at most 2000 characters).
         *
         * @param value the message, or {@code null} for the configured default (checked by {@link #build()})
         * @return this builder
         */
        public Builder message(String value) {
            this.message = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /**
         * The {@code Retry-After}; at least one second.
         *
         * @param value the duration, or {@code null} for the configured default (checked by {@link #build()})
         * @return this builder
         */
        public Builder retryAfter(Duration value) {
            this.retryAfter = value;
            return this;
        }

        /**
         * Ends maintenance by itself at this instant. Exclusive with {@link #duration(Duration)}.
         *
         * @param value the end, or {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder until(Instant value) {
            this.until = value;
            return this;
        }

        /**
         * Ends maintenance by itself this long after entry. Exclusive with {@link #until(Instant)}.
         *
         * @param value the period, or {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder duration(Duration value) {
            this.duration = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the immutable request
         * @throws MaintenanceException naming the invalid value
         */
        /**
         * Sets the entry's options.
         *
         * @param value mode, status, redirect, refresh, template, bypass secret and hold; {@code null} for none
         * @return this builder
         */
        public Builder options(WindowOptions value) {
            this.options = value == null ? WindowOptions.DEFAULTS : value;
            return this;
        }

        /**
         * Sets the mode, keeping the other options.
         *
         * @param value how requests are treated; {@code null} for {@link io.github.maintenance.state.MaintenanceMode#FULL}
         * @return this builder
         */
        public Builder mode(io.github.maintenance.state.MaintenanceMode value) {
            this.options = options.toBuilder().mode(value).build();
            return this;
        }

        /**
         * {@return the request}
         *
         * @throws MaintenanceException if the message is too long, the retry-after under a second, the duration not
         *     positive, or both until and duration are given
         */
        public MaintenanceRequest build() {
            if (message != null && message.length() > 2000) {
                throw MaintenanceErrors.invalidConfig("message", message, "longer than 2000 characters");
            }
            if (retryAfter != null && (retryAfter.isNegative() || retryAfter.getSeconds() < 1)) {
                throw MaintenanceErrors.invalidConfig("retryAfter", retryAfter, "must be at least 1 second");
            }
            if (until != null && duration != null) {
                throw MaintenanceErrors.invalidConfig("until", until, "give either until or duration, not both");
            }
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw MaintenanceErrors.invalidConfig("duration", duration, "must be positive");
            }
            return new MaintenanceRequest(this);
        }
    }
}
