package io.github.maintenance.breaker;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a route's circuit breaker: it opens after {@code failureThreshold} failures (5xx
 * responses or exceptions from the application) within {@code failureWindow}, stays open for
 * {@code openTimeout}, then half-opens and closes again after {@code successThreshold}
 * successes; any failure while half-open re-opens it.
 *
 * <p>Immutable and thread-safe. Defaults are those of the seeds: 5 failures within 60 s, open
 * 30 s, 2 successes to close.
 */
public final class CircuitBreakerConfig {

    /** Default {@link #failureThreshold()}: 5 failures open the circuit. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    /** Default {@link #failureWindow()}: failures older than 60 seconds are forgotten. */
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofSeconds(60);
    /** Default {@link #openTimeout()}: the circuit stays open 30 seconds before half-opening. */
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #successThreshold()}: 2 successes while half-open close the circuit. */
    public static final int DEFAULT_SUCCESS_THRESHOLD = 2;

    private static final CircuitBreakerConfig DEFAULTS = custom().build();

    private final int failureThreshold;
    private final Duration failureWindow;
    private final Duration openTimeout;
    private final int successThreshold;

    private CircuitBreakerConfig(Builder b) {
        this.failureThreshold = b.failureThreshold;
        this.failureWindow = b.failureWindow;
        this.openTimeout = b.openTimeout;
        this.successThreshold = b.successThreshold;
    }

    /** {@return the default settings} */
    public static CircuitBreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@return a builder starting from the defaults} */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@return a builder starting from {@code base}}
     *
     * @param base the settings to copy
     */
    public static Builder from(CircuitBreakerConfig base) {
        return new Builder().failureThreshold(base.failureThreshold).failureWindow(base.failureWindow)
                .openTimeout(base.openTimeout).successThreshold(base.successThreshold);
    }

    /**
     * Parses {@code failures=5,window=60s,open=30s,successes=2} (any subset, defaults for the
     * rest; repeated or unknown keys are refused).
     *
     * @param spec comma-separated {@code key=value} pairs with keys {@code failures}, {@code window}, {@code
     *     open}, {@code successes}; durations in {@link io.github.maintenance.Durations#parse} syntax
     * @return the validated settings
     * @throws io.github.maintenance.MaintenanceException naming {@code circuitBreaker} for a malformed pair,
     *     a repeated or unknown key, a non-integer count or an invalid value
     */
    public static CircuitBreakerConfig parse(String spec) {
        Builder b = custom();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw MaintenanceErrors.invalidConfig("circuitBreaker", spec, "expected key=value pairs, got '" + p + "'");
            }
            String key = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            if (!seen.add(key)) {
                throw MaintenanceErrors.invalidConfig("circuitBreaker", spec, "key '" + key + "' given twice");
            }
            switch (key) {
                case "failures" -> b.failureThreshold(parseInt(spec, key, value));
                case "window" -> b.failureWindow(io.github.maintenance.Durations.parse(value));
                case "open" -> b.openTimeout(io.github.maintenance.Durations.parse(value));
                case "successes" -> b.successThreshold(parseInt(spec, key, value));
                default -> throw MaintenanceErrors.invalidConfig("circuitBreaker", spec,
                        "unknown key '" + key + "' (expected failures, window, open, successes)");
            }
        }
        return b.build();
    }

    private static int parseInt(String spec, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw MaintenanceErrors.invalidConfig("circuitBreaker", spec, key + " must be an integer");
        }
    }

    /** {@return how many failures within {@link #failureWindow()} open the circuit; at least 1} */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** {@return how long a failure counts towards {@link #failureThreshold()}; positive} */
    public Duration failureWindow() {
        return failureWindow;
    }

    /** {@return how long the circuit stays open before half-opening; positive} */
    public Duration openTimeout() {
        return openTimeout;
    }

    /** {@return how many successes while half-open close the circuit; at least 1} */
    public int successThreshold() {
        return successThreshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CircuitBreakerConfig c && failureThreshold == c.failureThreshold
                && successThreshold == c.successThreshold && failureWindow.equals(c.failureWindow)
                && openTimeout.equals(c.openTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureThreshold, failureWindow, openTimeout, successThreshold);
    }

    @Override
    public String toString() {
        return "failures=" + failureThreshold + ",window=" + io.github.maintenance.Durations.format(failureWindow)
                + ",open=" + io.github.maintenance.Durations.format(openTimeout) + ",successes=" + successThreshold;
    }

    /** Builds a {@link CircuitBreakerConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration failureWindow = DEFAULT_FAILURE_WINDOW;
        private Duration openTimeout = DEFAULT_OPEN_TIMEOUT;
        private int successThreshold = DEFAULT_SUCCESS_THRESHOLD;

        private Builder() {
        }

        /**
         * Failures within the window that open the circuit; at least 1.
         *
         * @param value the number of failures; at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder failureThreshold(int value) {
            this.failureThreshold = value;
            return this;
        }

        /**
         * Failures older than this are forgotten; positive.
         *
         * @param value the failure window; positive (checked by {@link #build()})
         * @return this builder
         */
        public Builder failureWindow(Duration value) {
            this.failureWindow = value;
            return this;
        }

        /**
         * How long the circuit stays open before half-opening; positive.
         *
         * @param value the open timeout; positive (checked by {@link #build()})
         * @return this builder
         */
        public Builder openTimeout(Duration value) {
            this.openTimeout = value;
            return this;
        }

        /**
         * Successes while half-open that close the circuit; at least 1.
         *
         * @param value the number of successes; at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder successThreshold(int value) {
            this.successThreshold = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws io.github.maintenance.MaintenanceException naming the invalid value
         * @return the immutable settings
         */
        public CircuitBreakerConfig build() {
            if (failureThreshold < 1) {
                throw MaintenanceErrors.invalidConfig("failureThreshold", failureThreshold, "must be at least 1");
            }
            if (successThreshold < 1) {
                throw MaintenanceErrors.invalidConfig("successThreshold", successThreshold, "must be at least 1");
            }
            if (failureWindow == null || failureWindow.isZero() || failureWindow.isNegative()) {
                throw MaintenanceErrors.invalidConfig("failureWindow", failureWindow, "must be positive");
            }
            if (openTimeout == null || openTimeout.isZero() || openTimeout.isNegative()) {
                throw MaintenanceErrors.invalidConfig("openTimeout", openTimeout, "must be positive");
            }
            return new CircuitBreakerConfig(this);
        }
    }
}
