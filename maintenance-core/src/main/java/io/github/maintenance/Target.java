package io.github.maintenance;

import io.github.maintenance.route.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a control-plane action applies to: {@code ALL} (every route, the implicit catch-all
 * included, and any route that appears while the action is in force), or a comma-separated list
 * of items, each one of:
 * <ul>
 *   <li>a route id ({@code r1}, {@code admin});</li>
 *   <li>a path, starting with {@code /}: every route with exactly that path prefix, or an ad-hoc
 *       route for that prefix (any host) when none exists;</li>
 *   <li>a domain, containing a {@code .}: every route naming that host (exactly or through a
 *       wildcard), or an ad-hoc route for that host (path {@code /}) when none exists.</li>
 * </ul>
 * An item that equals the id of an existing route is always taken as that id. An item that is
 * none of the above is an unknown route id, which is an error: a target never silently selects
 * nothing.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Target {

    /** Most items in one target. */
    public static final int MAX_ITEMS = 32;

    private static final Target ALL = new Target(true, List.of(), "ALL");

    private final boolean all;
    private final List<String> items;
    private final String text;

    private Target(boolean all, List<String> items, String text) {
        this.all = all;
        this.items = items;
        this.text = text;
    }

    /** {@return the whole application} */
    public static Target all() {
        return ALL;
    }

    /**
     * {@return the given route ids, paths or domains}
     *
     * @param items route ids, paths (starting with {@code /}) or domains
     */
    public static Target of(String... items) {
        return parse(String.join(",", items));
    }

    /**
     * Parses {@code ALL} or a comma-separated list of items (each trimmed).
     *
     * @param text {@code ALL}, or route ids, paths and domains separated by commas
     * @return the target
     * @throws MaintenanceException for an empty target, an empty item or more than 32 items
     */
    public static Target parse(String text) {
        if (text == null || text.isBlank()) {
            throw MaintenanceErrors.invalidTarget(String.valueOf(text), "target cannot be empty");
        }
        String t = text.trim();
        if (t.equals("ALL")) {
            return ALL;
        }
        List<String> items = new ArrayList<>();
        for (String raw : t.split(",", -1)) {
            String item = raw.trim();
            if (item.isEmpty()) {
                throw MaintenanceErrors.invalidTarget(text, "empty item");
            }
            if (item.equals("ALL")) {
                throw MaintenanceErrors.invalidTarget(text, "ALL cannot be combined with other items");
            }
            for (int i = 0; i < item.length(); i++) {
                char c = item.charAt(i);
                if (c <= ' ' || c == 0x7f || c == '|') {
                    throw MaintenanceErrors.invalidTarget(text, "items must not contain spaces, control characters or '|'");
                }
            }
            if (!items.contains(item)) {
                items.add(item);
            }
            if (items.size() > MAX_ITEMS) {
                throw MaintenanceErrors.invalidTarget(text, "more than " + MAX_ITEMS + " items");
            }
        }
        return new Target(false, List.copyOf(items), t);
    }

    /** {@return whether this is {@code ALL}} */
    public boolean isAll() {
        return all;
    }

    /** {@return the items, trimmed, without duplicates; empty for {@code ALL}} */
    public List<String> items() {
        return items;
    }

    /**
     * {@return whether an item that is not a known route id is read as a path}
     *
     * @param item a target item
     */
    public static boolean isPathItem(String item) {
        return item.startsWith("/");
    }

    /**
     * {@return whether an item that is not a known route id is read as a domain}
     *
     * @param item a target item
     */
    public static boolean isDomainItem(String item) {
        return !item.startsWith("/") && item.indexOf('.') >= 0;
    }

    /**
     * Whether the path or domain item {@code item} (one that names no route id) selects
     * {@code route}: a path item selects the routes whose path prefix is exactly that path, once
     * normalised ({@code /admin/} is {@code /admin}); a domain item selects the routes naming that
     * host, exactly or through a wildcard, and a {@code *.suffix} item the routes declaring that
     * very wildcard. This is the rule the controller applies; an item that selects no route gets an
     * ad-hoc route when maintenance is entered or scheduled.
     *
     * @param item a path or domain item
     * @param route the route to test
     * @return whether the item selects the route
     * @throws MaintenanceException when the item is neither a valid path nor a valid domain
     */
    public static boolean selects(String item, Route route) {
        if (isPathItem(item)) {
            return route.path().equals(Route.normalizePath(item));
        }
        if (!isDomainItem(item)) {
            throw MaintenanceErrors.invalidTarget(item, "neither a path nor a domain");
        }
        String domain = Route.normalizeDomain(item);
        if (domain == null) {
            throw MaintenanceErrors.invalidTarget(item, "empty domain");
        }
        return domain.startsWith("*.") ? route.domains().contains(domain) : route.namesHost(domain);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && all == t.all && items.equals(t.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(all, items);
    }

    /** The normalised text: {@code ALL} or the items joined by commas. */
    @Override
    public String toString() {
        return all ? "ALL" : String.join(",", items);
    }

    String text() {
        return text;
    }
}
