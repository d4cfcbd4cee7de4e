package io.github.maintenance.change;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.Times;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One change of control state, validated when it is built: every rule that does not depend on
 * the controller's current state or configuration is checked in the record's constructor, so a
 * change that exists is well-formed. Rules that do (a route id that must exist, a page URL
 * against the configured {@link io.github.maintenance.UrlPolicy}, an end that must be in the
 * future) are checked by the controller while it computes the new state, before anything is
 * published.
 *
 * <p>Apply one or several with {@link io.github.maintenance.MaintenanceController#apply}; a
 * batch ({@link Changes}) is one transition: one snapshot, one store save, one version, one
 * event batch, all or nothing.
 *
 * <p>Records are immutable and thread-safe.
 */
public sealed interface Change {

    /**
     * Enters maintenance on a target with the built-in page and no end.
     *
     * @param target the target in {@link Target#parse} syntax, e.g. {@code ALL}
     * @return an {@link Enter} with the built-in page, the default message and no end
     * @throws io.github.maintenance.MaintenanceException if {@code target} is not valid
     */
    static Change enter(String target) {
        return new Enter(Target.parse(target), MaintenanceRequest.defaults());
    }

    /**
     * Enters maintenance on a target with the page, message and end of {@code request}.
     *
     * @param target what it applies to
     * @param request page, message, Retry-After and end
     * @return an {@link Enter}
     */
    static Change enter(Target target, MaintenanceRequest request) {
        return new Enter(target, request);
    }

    /**
     * Ends maintenance on a target.
     *
     * @param target the target in {@link Target#parse} syntax
     * @return an {@link Exit}
     * @throws io.github.maintenance.MaintenanceException if {@code target} is not valid
     */
    static Change exit(String target) {
        return new Exit(Target.parse(target));
    }

    /**
     * Drains a target over {@code duration} with the configured policy.
     *
     * @param target the target in {@link Target#parse} syntax
     * @param duration the drain period: more than 0, at most {@link MaintenanceConfig#MAX_DRAIN}
     * @return a {@link StartDrain} with the configured policy and after-drain behaviour
     * @throws io.github.maintenance.MaintenanceException if {@code target} or {@code duration} is not valid
     */
    static Change drain(String target, Duration duration) {
        return new StartDrain(Target.parse(target), duration, null, null);
    }

    /**
     * Cancels the drain of a target.
     *
     * @param target the target in {@link Target#parse} syntax
     * @return a {@link CancelDrain}
     * @throws io.github.maintenance.MaintenanceException if {@code target} is not valid
     */
    static Change cancelDrain(String target) {
        return new CancelDrain(Target.parse(target));
    }

    /**
     * {@return what this change applies to, as text: the target of an enter, exit, drain, drain
     * cancel or schedule; the window id of an unschedule; the route id of a route or breaker
     * change; the owner of exempt paths}
     */
    default String targetText() {
        if (this instanceof Enter c) {
            return c.target().toString();
        } else if (this instanceof Exit c) {
            return c.target().toString();
        } else if (this instanceof StartDrain c) {
            return c.target().toString();
        } else if (this instanceof CancelDrain c) {
            return c.target().toString();
        } else if (this instanceof Schedule c) {
            return c.target().toString();
        } else if (this instanceof Unschedule c) {
            return c.scheduleId();
        } else if (this instanceof PutRoute c) {
            return c.route().id();
        } else if (this instanceof RemoveRoute c) {
            return c.routeId();
        } else if (this instanceof ConfigureBreaker c) {
            return c.routeId();
        }
        return ((SetExemptPaths) this).owner();
    }

    /**
     * Puts a target into maintenance, or updates the maintenance it is in (page, message, end,
     * Retry-After) with no moment of serving. The maintenance-hit counters of routes that were
     * not in maintenance restart at 0.
     *
     * @param target  what it applies to
     * @param request page, message, Retry-After and end; {@code until} must lie in the years
     *                1970 to 9999
     */
    record Enter(Target target, MaintenanceRequest request) implements Change {
        /**
         * Checks the components.
         * @param target what it applies to; not null
         * @param request page, message, Retry-After and end; not null
         * @throws io.github.maintenance.MaintenanceException if {@code until} lies outside the years 1970 to 9999
         */
        public Enter {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(request, "request");
            Times.check("until", request.until());
        }
    }

    /**
     * Ends maintenance on a target (routes not in maintenance are left as they are); for
     * {@code ALL} also the maintenance that new routes would inherit.
     */
    record Exit(Target target) implements Change {
        /**
         * Checks the component.
         * @param target what it applies to; not null
         */
        public Exit {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Starts (or restarts) draining a target.
     *
     * @param duration   the drain period: more than 0, at most {@link MaintenanceConfig#MAX_DRAIN}
     * @param policy     rejection probability by progress, or {@code null} for the configured one
     * @param afterDrain behaviour after the period, or {@code null} for the configured one
     */
    record StartDrain(Target target, Duration duration, DrainPolicy policy, AfterDrain afterDrain) implements Change {
        /**
         * Checks the components.
         * @param target what it applies to; not null
         * @param duration the drain period: more than 0, at most {@link MaintenanceConfig#MAX_DRAIN}
         * @param policy rejection probability by progress, or {@code null} for the configured one
         * @param afterDrain behaviour after the period, or {@code null} for the configured one
         * @throws io.github.maintenance.MaintenanceException if {@code duration} is missing or out of range
         */
        public StartDrain {
            Objects.requireNonNull(target, "target");
            if (duration == null || duration.isZero() || duration.isNegative()
                    || duration.compareTo(MaintenanceConfig.MAX_DRAIN) > 0) {
                throw MaintenanceErrors.invalidDuration(String.valueOf(duration),
                        "a drain must last more than 0 and at most " + Durations.format(MaintenanceConfig.MAX_DRAIN));
            }
        }
    }

    /** Cancels the drain of a target. */
    record CancelDrain(Target target) implements Change {
        /**
         * Checks the component.
         * @param target what it applies to; not null
         */
        public CancelDrain {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Schedules a maintenance window from {@code start} to {@code end}.
     *
     * @param request page, message and Retry-After; its {@code until} and {@code duration} must be
     *                unset (the window's end is the end)
     */
    record Schedule(Target target, Instant start, Instant end, MaintenanceRequest request) implements Change {
        /**
         * Checks the components.
         * @param target what it applies to; not null
         * @param start when the window begins, in the years 1970 to 9999
         * @param end when it ends: after {@code start}, in the years 1970 to 9999
         * @param request page, message and Retry-After, with {@code until} and {@code duration} unset; not null
         * @throws io.github.maintenance.MaintenanceException if a time is missing, out of range or in the
         *     wrong order, or if {@code request} has an end of its own
         */
        public Schedule {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(request, "request");
            if (start == null || end == null) {
                throw new MaintenanceException(MaintenanceException.Kind.INVALID_TIME, "missing field '"
                        + (start == null ? "start" : "end") + "' (a schedule needs a start and an end)");
            }
            Times.check("start", start);
            Times.check("end", end);
            if (!end.isAfter(start)) {
                throw new MaintenanceException(MaintenanceException.Kind.INVALID_TIME, "field 'end' (" + end
                        + ") must be after field 'start' (" + start + ")");
            }
            if (request.until() != null || request.duration() != null) {
                throw MaintenanceErrors.invalidConfig("until", request.until() != null ? request.until()
                        : request.duration(), "a scheduled window ends at its end; leave until and duration unset");
            }
        }
    }

    /** Cancels a scheduled window; one in progress also ends the maintenance it entered. */
    record Unschedule(String scheduleId) implements Change {
        /**
         * Checks the id and trims it.
         * @param scheduleId the id of the window to cancel; not blank
         * @throws io.github.maintenance.MaintenanceException if the id is missing or blank
         */
        public Unschedule {
            if (scheduleId == null || scheduleId.isBlank()) {
                throw MaintenanceErrors.invalidField("a schedule id is required");
            }
            scheduleId = scheduleId.trim();
        }
    }

    /**
     * Adds a route, or replaces the route with the same id (keeping its state and counters). A
     * new route starts in maintenance or draining when {@code ALL} is.
     */
    record PutRoute(Route route) implements Change {
        /**
         * Checks the route.
         * @param route the route to add or replace; not null, not the catch-all
         * @throws io.github.maintenance.MaintenanceException for the catch-all route
         */
        public PutRoute {
            Objects.requireNonNull(route, "route");
            if (route.isCatchAll()) {
                throw MaintenanceErrors.invalidRoute("id", route.id(), "the catch-all route cannot be replaced");
            }
        }
    }

    /** Removes a route; its counters go into the totals of removed routes. */
    record RemoveRoute(String routeId) implements Change {
        /**
         * Checks the id.
         * @param routeId the id of the route to remove; not the catch-all
         * @throws io.github.maintenance.MaintenanceException if the id is {@code null} or the catch-all's
         */
        public RemoveRoute {
            if (routeId == null) {
                throw MaintenanceErrors.unknownRoute(null);
            }
            if (Route.CATCH_ALL_ID.equals(routeId)) {
                throw MaintenanceErrors.invalidRoute("id", routeId, "the catch-all route cannot be removed");
            }
        }
    }

    /**
     * Configures the circuit breaker of a route; a new breaker starts closed.
     *
     * @param config the breaker's settings, or {@code null} to remove it
     */
    record ConfigureBreaker(String routeId, CircuitBreakerConfig config) implements Change {
        /**
         * Checks the id.
         * @param routeId the id of the route
         * @param config the breaker's settings, or {@code null} to remove it
         * @throws io.github.maintenance.MaintenanceException if the id is {@code null}
         */
        public ConfigureBreaker {
            if (routeId == null) {
                throw MaintenanceErrors.unknownRoute(null);
            }
        }
    }

    /**
     * Sets the path prefixes a control plane exempts at run time under a key naming who set
     * them; an empty set removes that key's paths. Not saved in the state store.
     */
    record SetExemptPaths(String owner, List<String> paths) implements Change {
        /**
         * Normalizes, sorts and de-duplicates the paths.
         * @param owner who sets the paths, e.g. a control plane's name; not empty
         * @param paths the path prefixes; may be empty
         * @throws io.github.maintenance.MaintenanceException if {@code owner} is missing or a path is not valid
         */
        public SetExemptPaths {
            if (owner == null || owner.isEmpty()) {
                throw MaintenanceErrors.invalidConfig("owner", owner, "is required");
            }
            TreeSet<String> normalized = new TreeSet<>();
            for (String p : paths) {
                normalized.add(Route.normalizePath(p));
            }
            paths = List.copyOf(normalized);
        }

        /**
         * {@return the paths of {@code owner}, normalized, sorted and without duplicates}
         *
         * @param owner who sets the paths; not empty
         * @param paths the path prefixes; copied
         */
        public static SetExemptPaths of(String owner, Collection<String> paths) {
            return new SetExemptPaths(owner, List.copyOf(paths));
        }
    }
}
