package io.github.maintenance;

import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;

/**
 * Sums the in-flight counts of the routes a {@link Target} selects, from a published snapshot
 * (no lock, no status objects), selecting routes as the controller does: an item equal to a
 * route id is that route, a path or domain item every route it {@linkplain Target#selects selects},
 * any other item an unknown route. Stateless.
 */
final class InFlightSums {

    /** Why in-flight queries fail while tracking is off. */
    static final String NOT_TRACKED = "in-flight requests are not tracked: turn on trackInFlight "
            + "(MaintenanceConfig.Builder.trackInFlight(true), init-parameter trackInFlight=true, "
            + "property maintenance.track-in-flight=true)";

    private InFlightSums() {
    }

    /**
     * The requests in the application now on the routes of {@code target}.
     *
     * @param strict whether an item naming no route is an error; otherwise it counts nothing (a
     *               route removed while somebody waits)
     * @throws MaintenanceException when {@code strict} and an item names no route
     */
    static long of(MaintenanceSnapshot s, Target target, boolean strict) {
        RouteTable table = s.routes();
        if (strict && !target.isAll()) {
            for (String item : target.items()) {
                if (table.find(item) == null && !Target.isPathItem(item) && !Target.isDomainItem(item)) {
                    throw MaintenanceErrors.unknownRoute(item);
                }
            }
        }
        long sum = 0;
        for (int i = 0; i < s.size(); i++) {
            MaintenanceSnapshot.Entry e = s.entry(i);
            if (target.isAll() || selected(table, target, e.route)) {
                sum += Math.max(0, e.counters.inFlight.sum());
            }
        }
        return sum;
    }

    private static boolean selected(RouteTable table, Target target, Route route) {
        for (String item : target.items()) {
            if (table.find(item) != null) {
                if (item.equals(route.id())) {
                    return true;
                }
            } else if ((Target.isPathItem(item) || Target.isDomainItem(item)) && Target.selects(item, route)) {
                return true;
            }
        }
        return false;
    }
}
