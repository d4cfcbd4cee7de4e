package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.RouteRequest;
import io.github.maintenance.registry.protocol.RouteSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route commands (docs/registry-protocol.md §5.2–§5.6): they stage routes in the session's
 * {@link StagedConfig}; {@code CONFIG_APPLY} ({@link ConfigHandler}) puts them in force.
 *
 * <p>Called under the state lock. Thread-safe.
 */
final class RouteHandler {

    private final Sessions sessions;
    private final int maxRoutes;

    RouteHandler(Sessions sessions, int maxRoutesPerSession) {
        this.sessions = sessions;
        this.maxRoutes = maxRoutesPerSession;
    }

    Outcome handle(Session s, RouteRequest r) throws ProtocolException {
        Section<RouteSpec> routes = s.config.routes;
        if (r instanceof RouteRequest.Add add) {
            requireRoom(routes, 1);
            String id = sessions.newRouteId();
            routes.put(id, add.route());
            sessions.touchStaged(s);
            return Outcome.line(Reply.ROUTE_OK + "|" + id);
        } else if (r instanceof RouteRequest.AddBulk bulk) {
            requireRoom(routes, bulk.routes().size());
            List<Map<String, Object>> out = new ArrayList<>();
            for (RouteSpec spec : bulk.routes()) {
                String id = sessions.newRouteId();
                routes.put(id, spec);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("route_id", id);
                m.put("status", "ok");
                out.add(m);
            }
            sessions.touchStaged(s);
            return Outcome.json(Reply.ROUTE_BULK_OK, out);
        } else if (r instanceof RouteRequest.Update update) {
            // Staged first, else the route in force (copied into staging under the same id); an
            // update of a route staged for removal cancels the removal: the last command wins.
            RouteSpec current = routes.current(update.routeId());
            if (current == null) {
                throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
            }
            routes.put(update.routeId(), current.with(update.field(), update.value()));
            sessions.touchStaged(s);
            return Outcome.line(Reply.ROUTE_OK);
        } else if (r instanceof RouteRequest.Remove remove) {
            if (!routes.contains(remove.routeId())) {
                throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
            }
            s.config.removeRoute(remove.routeId());
            sessions.touchStaged(s);
            return Outcome.line(Reply.ROUTE_OK);
        } else if (r instanceof RouteRequest.ListRoutes) {
            List<Map<String, Object>> out = new ArrayList<>();
            routes.active().forEach((id, spec) -> out.add(spec.toJson(id, "active")));
            routes.staged().forEach((id, spec) -> out.add(spec.toJson(id, "staged")));
            return Outcome.json(Reply.ROUTE_LIST_OK, out);
        }
        throw new IllegalStateException("unhandled " + r);
    }

    private void requireRoom(Section<RouteSpec> routes, int adding) throws ProtocolException {
        if (routes.keys().size() + adding > maxRoutes) {
            throw new ProtocolException(Reply.TOO_MANY_ROUTES);
        }
    }
}
