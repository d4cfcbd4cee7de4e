package io.github.maintenance.registry;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.registry.protocol.ConfigRequest.HealthCheck;
import io.github.maintenance.registry.protocol.ConfigRequest.RateLimit;
import io.github.maintenance.registry.protocol.ConfigRequest.Scope;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.RouteSpec;
import io.github.maintenance.registry.protocol.ProtocolException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session's configuration, section by section, each with what is in force and what is staged
 * ({@link Section}): routes, headers, options, health checks, rate limits and circuit breakers,
 * the last three keyed by route id.
 *
 * <p>Applying is two steps, so that the controller sees one batch: {@link #plan} checks the
 * staged parts of the given scopes and says what would change (routes to put and remove,
 * breakers to configure, the health paths to exempt); once the controller has accepted that,
 * {@link #commit} puts it in force here. A refused plan changes nothing.
 *
 * <p>Not thread-safe: guarded by the registry's state lock.
 */
final class StagedConfig {

    /**
     * What applying some scopes does.
     *
     * @param scopes        the scopes applied
     * @param routes        staged routes to put in force (new or updated), by id
     * @param removedRoutes routes in force to remove
     * @param breakers      breakers to configure, by route id
     * @param healthPaths   the health-check paths in force afterwards, or {@code null} when they do
     *                      not change
     */
    record Plan(Set<Scope> scopes, Map<String, RouteSpec> routes, Set<String> removedRoutes,
            Map<String, CircuitBreakerConfig> breakers, List<String> healthPaths) {
    }

    final Section<RouteSpec> routes = new Section<>();
    final Section<String> headers = new Section<>();
    final Section<String> options = new Section<>();
    final Section<HealthCheck> health = new Section<>();
    final Section<RateLimit> rateLimits = new Section<>();
    final Section<CircuitBreakerConfig> circuits = new Section<>();

    private List<Section<?>> sections() {
        return List.of(routes, headers, options, health, rateLimits, circuits);
    }

    /**
     * {@code ROUTE_REMOVE}: stages the removal of a route in force; a route only staged is
     * un-staged together with its staged health check, rate limit and breaker.
     */
    void removeRoute(String id) {
        routes.remove(id);
        if (!routes.isActive(id)) {
            health.unstage(id);
            rateLimits.unstage(id);
            circuits.unstage(id);
        }
    }

    /** Whether anything is staged in any section. */
    boolean hasStaged() {
        return sections().stream().anyMatch(Section::hasStaged);
    }

    /** Discards everything staged. */
    void rollback() {
        sections().forEach(Section::rollback);
    }

    /** Discards everything, in force and staged (the session ended). */
    void clear() {
        sections().forEach(Section::clear);
    }

    /**
     * Checks the staged parts of {@code scopes} and computes what applying them changes: a
     * health check, rate limit or breaker must be for a route in force afterwards (or one being
     * removed, whose entries go with it).
     *
     * @throws ProtocolException {@code route <id>: not active} otherwise
     */
    Plan plan(Set<Scope> scopes) throws ProtocolException {
        boolean applyRoutes = scopes.contains(Scope.ROUTES);
        Set<String> removing = applyRoutes ? new LinkedHashSet<>(routes.removals()) : Set.of();
        Set<String> after = new LinkedHashSet<>(routes.active().keySet());
        if (applyRoutes) {
            after.addAll(routes.staged().keySet());
            after.removeAll(removing);
        }
        requireRoutes(health, scopes.contains(Scope.HEALTH), after, removing);
        requireRoutes(rateLimits, scopes.contains(Scope.RATELIMIT), after, removing);
        requireRoutes(circuits, scopes.contains(Scope.CIRCUIT), after, removing);

        Map<String, CircuitBreakerConfig> breakers = new LinkedHashMap<>();
        if (scopes.contains(Scope.CIRCUIT)) {
            circuits.staged().forEach((id, config) -> {
                if (!removing.contains(id)) {
                    breakers.put(id, config);
                }
            });
        }
        Map<String, HealthCheck> healthAfter = new LinkedHashMap<>(health.active());
        if (scopes.contains(Scope.HEALTH)) {
            healthAfter.putAll(health.staged());
        }
        healthAfter.keySet().removeAll(removing);
        Set<String> pathsBefore = paths(health.active());
        Set<String> pathsAfter = paths(healthAfter);
        return new Plan(Set.copyOf(scopes), applyRoutes ? new LinkedHashMap<>(routes.staged()) : Map.of(), removing,
                breakers, pathsBefore.equals(pathsAfter) ? null : List.copyOf(pathsAfter));
    }

    /** Puts a plan in force: the staged parts of its scopes, then drops every entry of the removed routes. */
    void commit(Plan plan) {
        Set<Scope> scopes = plan.scopes();
        if (scopes.contains(Scope.ROUTES)) {
            routes.apply();
        }
        if (scopes.contains(Scope.HEADERS)) {
            headers.apply();
        }
        if (scopes.contains(Scope.OPTIONS)) {
            options.apply();
        }
        if (scopes.contains(Scope.HEALTH)) {
            health.apply();
        }
        if (scopes.contains(Scope.RATELIMIT)) {
            rateLimits.apply();
        }
        if (scopes.contains(Scope.CIRCUIT)) {
            circuits.apply();
        }
        for (String id : plan.removedRoutes()) {
            health.drop(id);
            rateLimits.drop(id);
            circuits.drop(id);
        }
    }

    /** The health-check paths in force (each once, sorted). */
    List<String> healthPaths() {
        return List.copyOf(paths(health.active()));
    }

    private static Set<String> paths(Map<String, HealthCheck> checks) {
        Set<String> paths = new TreeSet<>();
        checks.values().forEach(h -> paths.add(h.path()));
        return paths;
    }

    private static void requireRoutes(Section<?> section, boolean applying, Set<String> after, Set<String> removing)
            throws ProtocolException {
        if (!applying) {
            return;
        }
        for (String id : section.staged().keySet()) {
            if (!after.contains(id) && !removing.contains(id)) {
                throw new ProtocolException("route " + Reply.printable(id, 128) + ": not active");
            }
        }
    }
}
