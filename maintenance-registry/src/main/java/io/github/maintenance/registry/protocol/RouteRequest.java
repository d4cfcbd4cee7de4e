package io.github.maintenance.registry.protocol;

import java.util.List;
import java.util.Objects;

/** The route commands: {@code ROUTE_ADD}, {@code ROUTE_ADD_BULK}, {@code ROUTE_UPDATE}, {@code ROUTE_REMOVE}, {@code ROUTE_LIST}. */
public sealed interface RouteRequest extends Request {

    /**
     * {@code ROUTE_ADD|sid|domains|path|backend_url|priority}, validated in the protocol's order.
     *
     * @param route the validated route
     */
    record Add(RouteSpec route) implements RouteRequest {
        /**
         * Checks that the route is not {@code null}.
         *
         * @param route the validated route
         */
        public Add {
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * {@code ROUTE_ADD_BULK|sid|json_array}: every element validated, so that staging is all or nothing.
     *
     * @param routes the validated routes, in the array's order
     */
    record AddBulk(List<RouteSpec> routes) implements RouteRequest {
        /**
         * Copies {@code routes}.
         *
         * @param routes the validated routes, in the array's order
         */
        public AddBulk {
            routes = List.copyOf(routes);
        }
    }

    /**
     * {@code ROUTE_UPDATE|sid|route_id|field|value}. The field and value are checked with
     * {@link RouteSpec#with(String, String)} once the route is found: the protocol answers
     * {@code route not found} before it looks at them.
     *
     * @param routeId the route's id
     * @param field   the field to change, unchecked
     * @param value   its new value, unchecked
     */
    record Update(String routeId, String field, String value) implements RouteRequest {
        /**
         * Checks that no component is {@code null}.
         *
         * @param routeId the route's id
         * @param field   the field to change, unchecked
         * @param value   its new value, unchecked
         */
        public Update {
            Objects.requireNonNull(routeId, "routeId");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code ROUTE_REMOVE|sid|route_id}.
     *
     * @param routeId the route's id
     */
    record Remove(String routeId) implements RouteRequest {
        /**
         * Checks that the id is not {@code null}.
         *
         * @param routeId the route's id
         */
        public Remove {
            Objects.requireNonNull(routeId, "routeId");
        }
    }

    /** {@code ROUTE_LIST}. */
    record ListRoutes() implements RouteRequest {
    }
}
