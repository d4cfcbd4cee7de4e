package io.github.maintenance.internal;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Target;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves targets to route ids against a route table: route ids, {@code /path} items (routes
 * with exactly that path, or an ad-hoc route {@code path:<prefix>}), domain items (routes naming
 * that host, plus an ad-hoc route {@code domain:<host>} of path {@code /} unless one of them already
 * has that path, so that the item covers every request for the host). Pure functions; every item is checked
 * before anything is returned, so an unknown id refuses the whole target.
 */
final class RouteBook {

    private RouteBook() {
    }

    /**
     * The routes a target selects.
     *
     * @param ids     the selected ids in table order, ad-hoc routes to create included
     * @param created ad-hoc routes the target needs that the table lacks
     */
    record Resolution(List<String> ids, List<Route> created) {
    }

    /** Resolves {@code target}; with {@code create}, path and domain items that select nothing get an ad-hoc route. */
    static Resolution resolve(RouteTable table, Target target, boolean create) {
        if (target.isAll()) {
            List<String> ids = new ArrayList<>(table.size());
            for (Route r : table.routes()) {
                ids.add(r.id());
            }
            return new Resolution(ids, List.of());
        }
        Set<String> selected = new LinkedHashSet<>();
        List<Route> created = new ArrayList<>();
        for (String item : target.items()) {
            if (table.find(item) != null) {
                selected.add(item);
            } else if (Target.isPathItem(item)) {
                String path = normalizePath(target, item);
                boolean any = false;
                for (Route r : table.routes()) {
                    if (Target.selects(path, r)) {
                        selected.add(r.id());
                        any = true;
                    }
                }
                if (!any && create) {
                    created.add(Route.builder(pathId(path)).path(path).build());
                }
            } else if (Target.isDomainItem(item)) {
                String domain = normalizeDomain(target, item);
                boolean wholeHost = false;
                for (Route r : table.routes()) {
                    if (Target.selects(domain, r)) {
                        selected.add(r.id());
                        wholeHost |= r.path().equals("/");
                    }
                }
                // A domain item covers every path of the host: when the routes naming it all have
                // narrower paths, a domain route of path / is created beside them.
                if (!wholeHost && create) {
                    created.add(Route.builder(domainId(domain)).domains(domain).build());
                }
            } else {
                throw MaintenanceErrors.unknownRoute(item);
            }
        }
        List<Route> fresh = new ArrayList<>();
        for (Route r : created) {
            if (selected.add(r.id()) && fresh.stream().noneMatch(x -> x.id().equals(r.id()))) {
                fresh.add(r);
            }
        }
        RouteTable order = fresh.isEmpty() ? table : withRoutes(table, fresh);
        List<String> ids = new ArrayList<>(selected);
        ids.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
        return new Resolution(ids, fresh);
    }

    /** The ad-hoc route ids that the targets of {@code targets} would create (for windows not over yet). */
    static Set<String> adHocIds(Iterable<String> targets) {
        Set<String> out = new HashSet<>();
        for (String text : targets) {
            Target t;
            try {
                t = Target.parse(text);
            } catch (MaintenanceException e) {
                continue;
            }
            for (String item : t.items()) {
                try {
                    if (Target.isPathItem(item)) {
                        out.add(pathId(Route.normalizePath(item)));
                    } else if (Target.isDomainItem(item)) {
                        out.add(domainId(Route.normalizeDomain(item)));
                    }
                } catch (MaintenanceException e) {
                    // Not a valid item: it selects nothing.
                }
            }
        }
        return out;
    }

    private static RouteTable withRoutes(RouteTable table, List<Route> more) {
        List<Route> all = new ArrayList<>(table.declaredRoutes());
        all.addAll(more);
        return RouteTable.of(all);
    }

    private static String pathId(String path) {
        return "path:" + path;
    }

    private static String domainId(String domain) {
        return "domain:" + domain;
    }

    private static String normalizePath(Target target, String item) {
        try {
            return Route.normalizePath(item);
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidTarget(target.toString(), e.getMessage());
        }
    }

    private static String normalizeDomain(Target target, String item) {
        try {
            String d = Route.normalizeDomain(item);
            if (d == null) {
                throw MaintenanceErrors.invalidTarget(target.toString(), "empty domain");
            }
            return d;
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidTarget(target.toString(), e.getMessage());
        }
    }
}
