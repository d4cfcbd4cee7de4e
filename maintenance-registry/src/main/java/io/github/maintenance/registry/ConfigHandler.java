package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.Changes;
import io.github.maintenance.registry.protocol.ConfigRequest;
import io.github.maintenance.registry.protocol.EventType;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.RouteSpec;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.route.Route;
import io.github.maintenance.stats.RouteStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Configuration staging and applying (docs/registry-protocol.md §5.7–§5.9, §8): headers, options,
 * health checks, rate limits and circuit breakers are staged in the session's
 * {@link StagedConfig}; {@code CONFIG_APPLY} and {@code CONFIG_APPLY_PARTIAL} turn what they
 * apply into one {@link Changes} batch (routes put and removed, breakers configured, health paths
 * exempted) that the controller applies as one transition: one snapshot, one store save, one
 * version, all or nothing. Only once it is accepted does the session's configuration change.
 *
 * <p>Called under the state lock. Thread-safe.
 */
final class ConfigHandler {

    /** Most headers, and most options, of a session (in force and staged together). */
    static final int MAX_HEADERS = 64;

    private final MaintenanceController controller;
    private final Applier applier;
    private final Sessions sessions;
    private final EventHub hub;
    private final Clock clock;

    ConfigHandler(MaintenanceController controller, Applier applier, Sessions sessions, EventHub hub, Clock clock) {
        this.controller = controller;
        this.applier = applier;
        this.sessions = sessions;
        this.hub = hub;
        this.clock = clock;
    }

    Outcome handle(Connection c, Session s, ConfigRequest r) throws ProtocolException {
        StagedConfig config = s.config;
        if (r instanceof ConfigRequest.SetHeader h) {
            requireRoom(config.headers, h.name(), Reply.TOO_MANY_HEADERS);
            return staged(s, config.headers, h.name(), h.value(), Reply.HEADERS_OK);
        } else if (r instanceof ConfigRequest.RemoveHeader h) {
            return unstaged(s, config.headers, h.name(), Reply.HEADERS_OK);
        } else if (r instanceof ConfigRequest.SetOption o) {
            requireRoom(config.options, o.key(), Reply.TOO_MANY_OPTIONS);
            return staged(s, config.options, o.key(), o.value(), Reply.OPTIONS_OK);
        } else if (r instanceof ConfigRequest.RemoveOption o) {
            return unstaged(s, config.options, o.key(), Reply.OPTIONS_OK);
        } else if (r instanceof ConfigRequest.SetHealth h) {
            requireRoute(config, h.routeId());
            return staged(s, config.health, h.routeId(), h.check(), Reply.HEALTH_OK);
        } else if (r instanceof ConfigRequest.SetRateLimit l) {
            requireRoute(config, l.routeId());
            return staged(s, config.rateLimits, l.routeId(), l.limit(), Reply.RATELIMIT_OK);
        } else if (r instanceof ConfigRequest.SetBreaker b) {
            requireRoute(config, b.routeId());
            return staged(s, config.circuits, b.routeId(), b.config(), Reply.CIRCUIT_OK);
        } else if (r instanceof ConfigRequest.BreakerStatus b) {
            return breakerStatus(s, b.routeId());
        } else if (r instanceof ConfigRequest.ResetBreaker b) {
            return resetBreaker(c, s, b.routeId());
        } else if (r instanceof ConfigRequest.Validate) {
            routesToPut(s);
            return Outcome.line(Reply.OK);
        } else if (r instanceof ConfigRequest.Apply a) {
            return apply(c, s, a);
        } else if (r instanceof ConfigRequest.Rollback) {
            s.discardStaged();
            s.audit(c, "CONFIG_ROLLBACK", "staged configuration discarded");
            hub.publish(EventType.CONFIG, "config_rolled_back", clock.instant(), List.of(), s.cause(), "");
            return Outcome.line(Reply.OK);
        } else if (r instanceof ConfigRequest.Diff) {
            return Outcome.json(Reply.DIFF_OK, diff(config));
        }
        throw new IllegalStateException("unhandled " + r);
    }

    private <V> Outcome staged(Session s, Section<V> section, String key, V value, String reply) {
        section.put(key, value);
        sessions.touchStaged(s);
        return Outcome.line(reply);
    }

    private <V> Outcome unstaged(Session s, Section<V> section, String key, String reply) {
        section.remove(key);
        sessions.touchStaged(s);
        return Outcome.line(reply);
    }

    private static void requireRoom(Section<String> section, String key, String error) throws ProtocolException {
        if (!section.contains(key) && section.keys().size() + 1 > MAX_HEADERS) {
            throw new ProtocolException(error);
        }
    }

    private static void requireRoute(StagedConfig config, String routeId) throws ProtocolException {
        if (!config.routes.contains(routeId)) {
            throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
        }
    }

    // ---- applying -------------------------------------------------------------------------------

    /** Checks everything first, applies one batch, then puts the session's staged parts in force. */
    private Outcome apply(Connection c, Session s, ConfigRequest.Apply r) throws ProtocolException {
        Map<String, Route> routes = r.scopes().contains(ConfigRequest.Scope.ROUTES) ? routesToPut(s) : Map.of();
        StagedConfig.Plan plan = s.config.plan(r.scopes());
        MaintenanceSnapshot snapshot = controller.snapshot();
        Changes.Builder batch = Changes.builder();
        routes.values().forEach(route -> batch.add(new Change.PutRoute(route)));
        List<String> changed = new ArrayList<>(routes.keySet());
        for (String id : plan.removedRoutes()) {
            if (snapshot.routes().find(id) != null) {
                batch.add(new Change.RemoveRoute(id));
            }
            changed.add(id);
        }
        plan.breakers().forEach((id, breaker) -> batch.add(new Change.ConfigureBreaker(id, breaker)));
        if (plan.healthPaths() != null) {
            batch.add(Change.SetExemptPaths.of(s.exemptKey(), plan.healthPaths()));
        }
        if (!batch.isEmpty()) {
            applier.apply(s, batch.build());
        }
        s.config.commit(plan);
        if (!s.config.hasStaged()) {
            s.stagedExpiresAt = null;
        }
        String scopes = r.scopes().stream().map(ConfigRequest.Scope::wireName)
                .collect(Collectors.joining(", ", "[", "]"));
        s.audit(c, r.command(), "applied " + scopes + ", routes changed " + changed);
        hub.publish(EventType.CONFIG, "config_applied", clock.instant(), changed, s.cause(), scopes);
        return Outcome.line(Reply.OK);
    }

    /**
     * Every staged route as the controller will get it, in staging order. An id the controller
     * already has for someone else, or a route the core refuses, is {@code route <id>: <reason>}
     * (the first one).
     */
    private Map<String, Route> routesToPut(Session s) throws ProtocolException {
        MaintenanceSnapshot snapshot = controller.snapshot();
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Map.Entry<String, RouteSpec> e : s.config.routes.staged().entrySet()) {
            String id = e.getKey();
            if (snapshot.routes().find(id) != null && !s.config.routes.isActive(id)) {
                throw new ProtocolException("route " + id + ": id already used by another route");
            }
            try {
                routes.put(id, e.getValue().toRoute(id, s.owner()));
            } catch (MaintenanceException ex) {
                throw new ProtocolException("route " + id + ": " + ex.getMessage());
            }
        }
        return routes;
    }

    /**
     * {@code "routes":{"added":<staged routes>,"removed":<staged removals>}} and the count of each
     * other section, all numbers as the original answers; the route ids are added under
     * {@code added_ids} and {@code removed_ids}.
     */
    private static Map<String, Object> diff(StagedConfig config) {
        Map<String, Object> routes = new LinkedHashMap<>();
        routes.put("added", config.routes.staged().size());
        routes.put("removed", config.routes.removals().size());
        routes.put("added_ids", List.copyOf(config.routes.staged().keySet()));
        routes.put("removed_ids", List.copyOf(config.routes.removals()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routes", routes);
        m.put("headers", config.headers.diff());
        m.put("options", config.options.diff());
        m.put("health", config.health.diff());
        m.put("ratelimit", config.rateLimits.diff());
        m.put("circuit", config.circuits.diff());
        return m;
    }

    // ---- circuit breakers -----------------------------------------------------------------------

    /** Any route in force in the session, breaker configured or not. */
    private Outcome breakerStatus(Session s, String id) throws ProtocolException {
        if (!s.config.routes.isActive(id)) {
            throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
        }
        RouteStatus st;
        try {
            st = controller.status(id);
        } catch (MaintenanceException e) {
            throw breakerError(e, Reply.BACKEND_STATUS_UNAVAILABLE);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", st.circuitState().wireName());
        m.put("failures", st.failures());
        m.put("successes", st.successes());
        m.put("last_failure", WireTime.format(st.lastFailure()));
        m.put("healthy", st.healthy());
        m.put("in_maintenance", st.inMaintenance());
        m.put("draining", st.draining());
        m.put("configured", st.circuitConfigured());
        return Outcome.json(Reply.CIRCUIT_STATUS_OK, m);
    }

    /** Only a breaker configured through this session and in force. */
    private Outcome resetBreaker(Connection c, Session s, String id) throws ProtocolException {
        if (!s.config.circuits.isActive(id)) {
            throw new ProtocolException(Reply.CIRCUIT_BREAKER_NOT_FOUND);
        }
        try {
            controller.resetCircuitBreaker(id, s.cause());
        } catch (MaintenanceException e) {
            throw breakerError(e, Reply.CIRCUIT_BREAKER_NOT_FOUND);
        }
        s.audit(c, "CIRCUIT_BREAKER_RESET", id);
        return Outcome.line(Reply.CIRCUIT_OK);
    }

    /** The route or its breaker went away behind the session's back: the command's "not found" error. */
    private static ProtocolException breakerError(MaintenanceException e, String notFound) {
        return switch (e.kind()) {
            case UNKNOWN_ROUTE, CONFLICT -> new ProtocolException(notFound);
            default -> ProtocolException.refused(e);
        };
    }
}
