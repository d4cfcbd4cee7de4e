package io.github.maintenance.registry.protocol;

import io.github.maintenance.breaker.CircuitBreakerConfig;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The commands that stage and apply a session's configuration: {@code HEADERS_*},
 * {@code OPTIONS_*}, {@code HEALTH_SET}, {@code RATELIMIT_SET}, {@code CIRCUIT_BREAKER_*} and
 * {@code CONFIG_*}.
 */
public sealed interface ConfigRequest extends Request {

    /** The parts of a staged configuration, as {@code CONFIG_APPLY_PARTIAL} names them. */
    enum Scope {
        /** {@code routes}: route additions, updates and removals. */
        ROUTES,
        /** {@code headers}: {@code HEADERS_SET} and {@code HEADERS_REMOVE}. */
        HEADERS,
        /** {@code options}: {@code OPTIONS_SET} and {@code OPTIONS_REMOVE}. */
        OPTIONS,
        /** {@code health}: {@code HEALTH_SET}. */
        HEALTH,
        /** {@code ratelimit}: {@code RATELIMIT_SET}. */
        RATELIMIT,
        /** {@code circuit}: {@code CIRCUIT_BREAKER_SET}. */
        CIRCUIT;

        /** {@return the name on the wire ({@code routes}, {@code ratelimit}, ...)} */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * {@return the scope with this wire name, or {@code null}}
         *
         * @param name a scope as {@code CONFIG_APPLY_PARTIAL} names it, lower case
         */
        public static Scope parse(String name) {
            for (Scope s : values()) {
                if (s.wireName().equals(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * {@code HEALTH_SET}: a health-check path (exempt from maintenance once applied), interval and time-out.
     *
     * @param path     the health-check path
     * @param interval the check interval
     * @param timeout  the check's time-out
     */
    record HealthCheck(String path, Duration interval, Duration timeout) {
        /**
         * Checks that no component is {@code null}.
         *
         * @param path     the health-check path
         * @param interval the check interval
         * @param timeout  the check's time-out
         */
        public HealthCheck {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * {@code RATELIMIT_SET}: requests per window (stored, no effect).
     *
     * @param requests the requests allowed per window, at least 1
     * @param window   the window
     */
    record RateLimit(int requests, Duration window) {
        /**
         * Checks that the window is not {@code null}.
         *
         * @param requests the requests allowed per window, at least 1
         * @param window   the window
         */
        public RateLimit {
            Objects.requireNonNull(window, "window");
        }
    }

    /** {@code HEADERS_SET|sid|ALL|name|value}: an RFC 7230 token and a value without CR, LF or NUL. */
    record SetHeader(String name, String value) implements ConfigRequest {
    }

    /** {@code HEADERS_REMOVE|sid|ALL|name}. */
    record RemoveHeader(String name) implements ConfigRequest {
    }

    /** {@code OPTIONS_SET|sid|ALL|key|value}, the value normalised (durations formatted, booleans {@code true}/{@code false}). */
    record SetOption(String key, String value) implements ConfigRequest {
    }

    /** {@code OPTIONS_REMOVE|sid|ALL|key}. */
    record RemoveOption(String key) implements ConfigRequest {
    }

    /** {@code HEALTH_SET|sid|route_id|path|interval|timeout}. */
    record SetHealth(String routeId, HealthCheck check) implements ConfigRequest {
    }

    /** {@code RATELIMIT_SET|sid|route_id|requests|window}. */
    record SetRateLimit(String routeId, RateLimit limit) implements ConfigRequest {
    }

    /** {@code CIRCUIT_BREAKER_SET|sid|route_id|threshold|timeout|half_open_requests}, as the controller's breaker settings. */
    record SetBreaker(String routeId, CircuitBreakerConfig config) implements ConfigRequest {
    }

    /** {@code CIRCUIT_BREAKER_STATUS|sid|route_id}. */
    record BreakerStatus(String routeId) implements ConfigRequest {
    }

    /** {@code CIRCUIT_BREAKER_RESET|sid|route_id}. */
    record ResetBreaker(String routeId) implements ConfigRequest {
    }

    /** {@code CONFIG_VALIDATE}. */
    record Validate() implements ConfigRequest {
    }

    /**
     * {@code CONFIG_APPLY} (every scope) or {@code CONFIG_APPLY_PARTIAL|sid|scopes}.
     *
     * @param scopes  the parts to apply, in their declaration order
     * @param partial whether it came as {@code CONFIG_APPLY_PARTIAL}
     */
    record Apply(Set<Scope> scopes, boolean partial) implements ConfigRequest {
        /**
         * Copies {@code scopes}.
         *
         * @param scopes  the parts to apply
         * @param partial whether it came as {@code CONFIG_APPLY_PARTIAL}
         */
        public Apply {
            scopes = scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
        }

        /** {@return {@code CONFIG_APPLY}: every scope} */
        public static Apply all() {
            return new Apply(EnumSet.allOf(Scope.class), false);
        }

        /** {@return the command name, for logs} */
        public String command() {
            return partial ? Command.CONFIG_APPLY_PARTIAL.wireName() : Command.CONFIG_APPLY.wireName();
        }
    }

    /** {@code CONFIG_ROLLBACK}. */
    record Rollback() implements ConfigRequest {
    }

    /** {@code CONFIG_DIFF}. */
    record Diff() implements ConfigRequest {
    }
}
